import type { ResponseHead } from '../http/send.js'

/** Status line and headers as received, for -i/--include (stdout, before the body). */
export function renderResponseHead(res: ResponseHead): string {
  let out = `HTTP/${res.httpVersion} ${res.status} ${res.statusMessage}\r\n`
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    out += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`
  return `${out}\r\n`
}
