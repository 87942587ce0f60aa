import type { Member } from '../../src/users/users.types.ts'
import { StatusBadge } from '../components/status-badge.tsx'

/** Account state in a few words: disabled, waiting for a first password change, or active. */
export function UserStatus(props: { user: Pick<Member, 'isDisabled' | 'mustChangePassword'> }) {
  if (props.user.isDisabled) return <StatusBadge label="disabled" tone="warn" />
  if (props.user.mustChangePassword) return <StatusBadge label="must change password" tone="info" />
  return <StatusBadge label="active" tone="ok" />
}
