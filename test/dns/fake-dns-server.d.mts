/** Types for fake-dns-server.mjs. */
export type FakeRecord = { A?: string[]; AAAA?: string[] } | 'SERVFAIL' | 'TIMEOUT'
export function startFakeDns(
  records: Record<string, FakeRecord>,
): Promise<{ host: string; port: number; queries: string[]; close(): Promise<void> }>
