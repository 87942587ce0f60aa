// What makes the x86_64 appliance image boot quickly, measured in qemu TCG with
// scripts/smoke-os.sh (CONSOLE_LOG keeps the time-stamped serial log). Each item names the cost
// it removes; none of them changes Outpost or its hardened unit.
import { join } from 'node:path'

/**
 * Block and file-system drivers the initramfs carries (with their dependencies) instead of
 * initramfs-tools' default MODULES=most: SATA/AHCI, NVMe, USB sticks, eMMC/SD and the common
 * hypervisors' disks. The default initrd (~35 MB) took ~27 s for systemd-boot to read through
 * the firmware in TCG, plus its udev coldplug of every module in it.
 */
export const INITRD_MODULES = [
  'ext4',
  'vfat',
  'nls_ascii',
  'nls_cp437',
  'ahci',
  'ata_piix',
  'ata_generic',
  'sd_mod',
  'nvme',
  'usb_storage',
  'uas',
  'xhci_pci',
  'ehci_pci',
  'ohci_pci',
  'uhci_hcd',
  'usbhid',
  'hid_generic',
  'mmc_block',
  'sdhci_pci',
  'sdhci_acpi',
  'virtio_pci',
  'virtio_blk',
  'virtio_scsi',
  'hv_storvsc',
  'vmw_pvscsi',
  'mptspi',
]

/**
 * mmdebstrap --setup-hook: runs before the packages are installed, so the kernel's postinst
 * builds the small initrd once. conf.d and hooks/ files belong to no package (no conffile prompt).
 */
export function initramfsSetupHook(): string {
  const hook =
    '#!/bin/sh\n# Outpost appliance: the storage and file-system drivers to boot from (scripts/os/fast-boot.ts)\n' +
    'case "$1" in prereqs) exit 0 ;; esac\n. /usr/share/initramfs-tools/hook-functions\n' +
    `manual_add_modules ${INITRD_MODULES.join(' ')}\n`
  const conf =
    '# Outpost appliance: only the drivers listed in hooks/outpost-storage (scripts/os/fast-boot.ts)\nMODULES=list\nCOMPRESS=zstd\n'
  return [
    'mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/etc/initramfs-tools/hooks"',
    `printf '%s' '${conf}' > "$1/etc/initramfs-tools/conf.d/outpost.conf"`,
    `printf '%s' '${hook}' > "$1/etc/initramfs-tools/hooks/outpost-storage"`,
    'chmod 0755 "$1/etc/initramfs-tools/hooks/outpost-storage"',
  ].join(' && ')
}

/** Kernel command line: `quiet` keeps the kernel's ~400 boot lines off the (emulated) serial port. */
export const KERNEL_OPTIONS = 'ro quiet console=tty0 console=ttyS0,115200'

/** Files written into the root after installation: [path below root, content]. */
export function bootTuningFiles(): [string, string][] {
  return [
    // an appliance runs no VMs and has no speaker: udev would load these on every boot
    [
      'etc/modprobe.d/outpost-appliance.conf',
      '# Outpost appliance: drivers it never needs\nblacklist kvm_intel\nblacklist kvm_amd\nblacklist pcspkr\n',
    ],
    // one ed25519 host key (made on first boot in well under a second) instead of `ssh-keygen -A`,
    // whose RSA-3072 key took tens of seconds of emulated CPU while Outpost was starting
    [
      'etc/ssh/sshd_config.d/outpost.conf',
      '# Outpost appliance: one modern host key, made on first boot\nHostKey /etc/ssh/ssh_host_ed25519_key\n',
    ],
    [
      'etc/systemd/system/ssh-hostkeys.service',
      '[Unit]\nDescription=SSH host key (first boot)\nBefore=ssh.service\nConditionPathExists=!/etc/ssh/ssh_host_ed25519_key\n\n' +
        '[Service]\nType=oneshot\nExecStart=/usr/bin/ssh-keygen -q -t ed25519 -N "" -f /etc/ssh/ssh_host_ed25519_key\n\n[Install]\nWantedBy=multi-user.target\n',
    ],
  ]
}

export function under(root: string, rel: string): string {
  return join(root, ...rel.split('/'))
}
