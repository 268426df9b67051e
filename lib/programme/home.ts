import { can, type Actor } from '@/lib/auth/permissions';

/** Does this user's work start from the camera programme (telecom staff, the Department of Information and Communications)? */
export function programmeHome(user: Actor): boolean {
  return can(user, 'facility:read') && (user.role === 'telecom' || (user.agencyKind === 'information' && user.role !== 'admin'));
}
