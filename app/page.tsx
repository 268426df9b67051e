import { redirect } from 'next/navigation';
import { homePath } from '@/lib/auth/home';
import { getCurrentUser } from '@/lib/auth/session';

/** Each role's first page (lib/auth/home). */
export default async function Home() {
  redirect(homePath(await getCurrentUser()));
}
