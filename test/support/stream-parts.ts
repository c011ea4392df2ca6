/**
 * Bodies for the fake gateway's streaming routes (`RouteResponse.stream`): parts yielded when
 * the test says so (a gate), or over time. API Gateway streams an integration's answer when its
 * `responseTransferMode` is `STREAM` (for up to 15 minutes; 5 minutes idle ends it on private
 * endpoints).
 */

/** A promise the test resolves by hand, with a fallback so that a test that never opens it still ends. */
export interface Gate {
  readonly opened: Promise<void>
  open(): void
  readonly isOpen: () => boolean
}

export function gate(fallbackMs?: number): Gate {
  let open!: () => void
  let isOpen = false
  const opened = new Promise<void>(resolve => {
    open = () => {
      isOpen = true
      resolve()
    }
  })
  if (fallbackMs !== undefined) {
    const t = setTimeout(open, fallbackMs)
    t.unref()
    void opened.then(() => clearTimeout(t))
  }
  return { opened, open: () => open(), isOpen: () => isOpen }
}

/**
 * Yield `first`, wait for the gate, then yield `rest` (one after the other). `sent` records
 * which parts went out, so a test can say what the server had sent when the client saw a part.
 */
export function gatedParts(
  first: string,
  g: Gate,
  rest: readonly string[],
): { parts: AsyncIterable<string>; readonly sent: string[] } {
  const sent: string[] = []
  async function* parts(): AsyncGenerator<string> {
    sent.push(first)
    yield first
    await g.opened
    for (const p of rest) {
      sent.push(p)
      yield p
    }
  }
  return { parts: parts(), sent }
}

/** Yield each part `gapMs` after the previous one (the first at once). */
export async function* partsOverTime(parts: readonly string[], gapMs: number): AsyncGenerator<string> {
  for (const [i, p] of parts.entries()) {
    if (i > 0) await new Promise(resolve => setTimeout(resolve, gapMs))
    yield p
  }
}
