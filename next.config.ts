import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const nextConfig: NextConfig = {
  // PGlite and its PostGIS extension load WebAssembly and data bundles from their package
  // folders at run time; bundling them breaks those paths. argon2 and pg are native/Node-only.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-postgis', '@node-rs/argon2', 'pg', 'pino', 'pdfmake'],
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (the application and the tests; CI runs it
  // before anything is built), not again by every build: the first start is faster, and a test
  // being written never stops the portal from starting.
  typescript: { ignoreBuildErrors: true },
  // Route handlers read db/migrations and db/seed-data from disk; ship them with the server output.
  outputFileTracingIncludes: { '/**': ['./db/migrations/**', './db/seed-data/**', './lib/video/demo-segments/**'] },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
