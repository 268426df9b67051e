'use client';

import useSWR, { mutate, type SWRConfiguration } from 'swr';
import { apiFetch, ApiError } from '@/lib/api/client';

// The one way a page loads data from Vigil's API (SWR): answers are cached by URL, kept while a
// fresh one loads, retried by themselves while the server or its database is briefly away, and
// reloaded when a live event says they changed (revalidateApi).

const fetcher = <T,>(url: string) => apiFetch<T>(url);

export function useApi<T>(url: string | null, config?: SWRConfiguration<T, ApiError>) {
  return useSWR<T, ApiError>(url, fetcher, {
    keepPreviousData: true,
    revalidateOnFocus: false,
    // Retry what a retry can fix (the server or database away), not refusals.
    shouldRetryOnError: (err) => !(err instanceof ApiError) || err.status >= 500,
    errorRetryInterval: 5_000,
    ...config,
  });
}

/** Reloads every loaded answer whose URL starts with one of these paths (after a live event or a change). */
export function revalidateApi(...prefixes: string[]): void {
  void mutate((key) => typeof key === 'string' && prefixes.some((p) => key.startsWith(p)));
}
