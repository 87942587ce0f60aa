// The settings fields of each channel type, as the forms show them. Secret fields are never
// filled back in: left empty on edit, the stored value is kept.
import type { ChannelKind } from '../../src/notifications/channels.types.ts'

export interface SettingField {
  name: string
  label: string
  type: 'text' | 'password' | 'email' | 'number' | 'url'
  secret?: boolean
  hint?: string
  placeholder?: string
  options?: string[]
}

export const CHANNEL_FIELDS: Record<ChannelKind, SettingField[]> = {
  email: [
    { name: 'host', label: 'SMTP server', type: 'text', placeholder: 'smtp.example.net' },
    { name: 'port', label: 'Port', type: 'number', placeholder: '587' },
    {
      name: 'security',
      label: 'Security',
      type: 'text',
      options: ['starttls', 'tls', 'none'],
      hint: 'starttls (port 587), tls (implicit, port 465) or none (LAN relay)',
    },
    { name: 'username', label: 'User name', type: 'text', hint: 'empty: no authentication' },
    { name: 'password', label: 'Password', type: 'password', secret: true },
    { name: 'from', label: 'From', type: 'email', placeholder: 'outpost@example.net' },
    { name: 'to', label: 'To', type: 'text', hint: 'one or more addresses, separated by commas' },
  ],
  webhook: [
    { name: 'url', label: 'URL', type: 'url', placeholder: 'https://example.net/hooks/outpost' },
    {
      name: 'secret',
      label: 'Signing secret',
      type: 'password',
      secret: true,
      hint: 'at least 16 characters; each POST carries X-Outpost-Signature (see README)',
    },
  ],
  slack: [
    {
      name: 'url',
      label: 'Incoming webhook URL',
      type: 'url',
      secret: true,
      placeholder: 'https://hooks.slack.com/services/…',
    },
  ],
  teams: [{ name: 'url', label: 'Workflow webhook URL', type: 'url', secret: true }],
  telegram: [
    { name: 'botToken', label: 'Bot token', type: 'password', secret: true },
    { name: 'chatId', label: 'Chat id', type: 'text', placeholder: '-1001234567890 or @channel' },
    {
      name: 'apiUrl',
      label: 'Bot API URL',
      type: 'url',
      placeholder: 'https://api.telegram.org',
      hint: 'change for a local Bot API server or a proxy',
    },
  ],
  ntfy: [
    {
      name: 'serverUrl',
      label: 'Server',
      type: 'url',
      placeholder: 'https://ntfy.sh',
      hint: 'your own ntfy server works too',
    },
    { name: 'topic', label: 'Topic', type: 'text' },
    { name: 'token', label: 'Access token', type: 'password', secret: true, hint: 'optional' },
  ],
}
