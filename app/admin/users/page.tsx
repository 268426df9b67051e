import { AppPage } from '@/components/app/app-page';
import { UserAdmin } from '@/app/admin/users/user-admin';
import { getDatabase } from '@/lib/database';
import { listAccountAgencies } from '@/db/queries/users';
import { requirePageUser } from '@/lib/auth/session';
import { listUsers } from '@/lib/users/manage';

export const dynamic = 'force-dynamic';

export default async function UserAdminPage() {
  const user = await requirePageUser('user:manage', '/admin/users');
  const database = await getDatabase();
  const [accounts, agencyRows] = await Promise.all([
    listUsers(database, user),
    listAccountAgencies(database),
  ]);
  return (
    <AppPage user={user} scroll="scroll">
      <UserAdmin
        self={user.id}
        national={user.provinceCode === null}
        defaultProvince={user.provinceCode}
        users={accounts.map((u) => ({ ...u, lastSignInAt: u.lastSignInAt ? new Date(u.lastSignInAt).toISOString() : null }))}
        agencies={agencyRows.filter((a) => user.provinceCode === null || a.provinceCode === null || a.provinceCode === user.provinceCode)}
      />
    </AppPage>
  );
}
