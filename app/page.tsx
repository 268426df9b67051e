import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { getCurrentUser } from '@/lib/auth/session';

/** Each role's first page: leaders the overview, the duty team the alert inbox, everyone else the map. */
export default async function Home() {
  const user = await getCurrentUser();
  if (user?.role === 'leadership' && can(user, 'overview:read')) redirect('/overview');
  if (user?.role === 'operator' && can(user, 'alert:read')) redirect('/alerts');
  redirect('/map');
}
