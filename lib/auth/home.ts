import { can, type Actor } from '@/lib/auth/permissions';
import { programmeHome } from '@/lib/programme/home';

/**
 * Each role's first page: leaders the overview, the duty team the alert inbox, those who run or
 * connect the camera programme its dashboard, everyone else the map.
 */
export function homePath(user: Actor | null): string {
  if (user?.role === 'leadership' && can(user, 'overview:read')) return '/overview';
  if (user?.role === 'operator' && can(user, 'alert:read')) return '/alerts';
  if (user && programmeHome(user)) return '/programme';
  return '/map';
}
