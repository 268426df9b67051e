import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import '@fontsource/noto-sans/vietnamese-400.css';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/vietnamese-700.css';
import '@fontsource/noto-sans/latin-700.css';
import './globals.css';
import './operations.css';
import './planning.css';
import './programme.css';

export const metadata: Metadata = {
  title: 'Vigil',
  description: 'Giám sát biên giới và khu cách ly – Border and quarantine-facility surveillance',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
