import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { spawn } from 'node:child_process';
const [, , role, dir] = process.argv;
if (role === 'child') {
  const pg = await PGlite.create({ dataDir: dir, extensions: { postgis } });
  await pg.exec(`CREATE EXTENSION IF NOT EXISTS postgis; CREATE TABLE IF NOT EXISTS ev (id bigserial primary key, topic text, payload jsonb, created_at timestamptz default now()); CREATE INDEX IF NOT EXISTS ev_c ON ev(created_at);
  CREATE TABLE IF NOT EXISTS det (id bigserial primary key, g geometry(Point,4326), v text)`);
  await pg.listen('ch', () => {});
  let i = 0;
  for (;;) {
    const ids = await pg.transaction(async (tx) => {
      await tx.query(`INSERT INTO det (g, v) SELECT ST_SetSRID(ST_MakePoint(107+random(), 21+random()),4326), repeat('x', 200) FROM generate_series(1, 20)`);
      const r = await tx.query(`WITH e AS (INSERT INTO ev (topic, payload) SELECT 'd', jsonb_build_object('i', g, 'pad', repeat('y', 300)) FROM generate_series(1, 3) g RETURNING id) SELECT id, pg_notify('ch', id::text) FROM e`);
      return r.rows.map((x) => x.id);
    });
    process.stdout.write(`ack ${ids.join(',')}\n`);
    if (++i % 50 === 0) await pg.query(`DELETE FROM ev WHERE id < (SELECT max(id) - 500 FROM ev)`);
  }
} else if (role === 'check') {
  const pg = await PGlite.create({ dataDir: dir, extensions: { postgis } });
  const acked = JSON.parse(process.argv[4]);
  const r = await pg.query(`SELECT max(id)::int m, count(*)::int c FROM ev`);
  const present = await pg.query(`SELECT count(*)::int c FROM ev WHERE id = ANY($1::bigint[])`, [acked.filter(x=>x> r.rows[0].m - 400)]);
  const seq = await pg.query(`SELECT last_value::int v FROM ev_id_seq`);
  const nxt = await pg.query(`INSERT INTO ev (topic) VALUES ('x') RETURNING id`);
  const ackmax = Math.max(...acked);
  console.log(JSON.stringify({ max: r.rows[0].m, ackmax, seq: seq.rows[0].v, next: nxt.rows[0].id, missingRecentAcked: acked.filter(x=>x> r.rows[0].m - 400).length - present.rows[0].c }));
  await pg.close();
} else {
  for (let round = 0; round < Number(process.argv[4] ?? 8); round++) {
    const c = spawn(process.execPath, [process.argv[1], 'child', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = [];
    let buf = '';
    c.stdout.on('data', (d) => { buf += d; let n; while ((n = buf.indexOf('\n')) >= 0) { const l = buf.slice(0, n); buf = buf.slice(n + 1); if (l.startsWith('ack ')) acked.push(...l.slice(4).split(',').map(Number)); } });
    while (acked.length === 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1000 + Math.random() * 5000));
    const ex = new Promise((r) => c.once('exit', r));
    c.kill(role === 'term' ? 'SIGTERM' : 'SIGKILL'); await ex;
    await new Promise((r) => setTimeout(r, 200));
    const chk = spawn(process.execPath, [process.argv[1], 'check', dir, JSON.stringify(acked.slice(-2000))], { stdio: ['ignore', 'inherit', 'inherit'] });
    await new Promise((r) => chk.once('exit', r));
  }
}
