import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The floors of ARCHITECTURE.md ("Layers"), kept by the linter: app → components → lib → db,
// with lib/domain as the bottom layer every floor may use. No rule has exceptions left.

const NO_SQL_HERE = 'SQL and tables live in db/ (db/queries/<domain>.ts); call a query or a lib/ function instead (ARCHITECTURE.md, Layers).';
const NO_DB_IN_UI = 'Components never import db/: take the data as props or load it through an API route (ARCHITECTURE.md, Layers). Types may be imported for now.';
const NO_LIB_IN_DB = 'db/ imports nothing from lib/ but the bottom layer lib/domain: move the shared type or constant there (ARCHITECTURE.md, Layers).';
const DOMAIN_IS_BOTTOM = 'lib/domain is the bottom layer: it imports no other part of Vigil (ARCHITECTURE.md, Layers).';

/** Imports of SQL and tables (a query module's functions are allowed). */
const sqlImports = { paths: [{ name: 'drizzle-orm', message: NO_SQL_HERE }], patterns: [{ group: ['@/db/schema', '@/db/schema/*'], message: NO_SQL_HERE }] };

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'next-env.d.ts', 'public/**'] },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sqlImports] },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'drizzle-orm', message: NO_SQL_HERE }], patterns: [{ group: ['@/db/*', '@/db/**', '**/db/*'], allowTypeImports: true, message: NO_DB_IN_UI }] },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '(^@/|/)lib/(?!domain/)', message: NO_LIB_IN_DB }] }],
    },
  },
  {
    files: ['lib/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^(@/(?!lib/domain/)|\\.\\./)', message: DOMAIN_IS_BOTTOM }] }],
    },
  },
];

export default config;
