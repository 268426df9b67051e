import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { getCurrentUser } from '@/lib/auth/session';
import { programmeHome } from '@/lib/programme/home';

/**
 * Each role's first page: leaders the overview, the duty team the alert inbox, those who run or
 * connect the camera programme its dashboard, everyone else the map.
 */
export default async function Home() {
  const user = await getCurrentUser();
  if (user?.role === 'leadership' && can(user, 'overview:read')) redirect('/overview');
  if (user?.role === 'operator' && can(user, 'alert:read')) redirect('/alerts');
  if (user && programmeHome(user)) redirect('/programme');
  redirect('/map');
}
