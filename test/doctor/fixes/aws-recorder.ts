/**
 * A loopback HTTP endpoint for the AWS CLI's `--endpoint-url`: it records each request and
 * answers with a minimal valid response for the protocol (query → XML, json → `{}`, rest-json →
 * `{}`), so the CLI exits 0 when, and only when, it accepted the command and sent it.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  readonly method: string
  /** Path and query, as sent. */
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
}

export async function startAwsRecorder(): Promise<{
  readonly url: string
  readonly requests: RecordedRequest[]
  close(): Promise<void>
}> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const type = String(req.headers['content-type'] ?? '')
      if (type.startsWith('application/x-www-form-urlencoded')) {
        const action = new URLSearchParams(body).get('Action') ?? 'Unknown'
        res.writeHead(200, { 'content-type': 'text/xml' })
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response><requestId>r-1</requestId><${action}Result></${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`,
        )
        return
      }
      // Route 53 is rest-xml: ChangeResourceRecordSets answers a ChangeInfo.
      if ((req.url ?? '').startsWith('/2013-04-01/')) {
        res.writeHead(200, { 'content-type': 'text/xml' })
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?>\n<ChangeResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status><SubmittedAt>2025-01-01T00:00:00Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>',
        )
        return
      }
      res.writeHead(200, {
        'content-type': req.headers['x-amz-target'] ? 'application/x-amz-json-1.1' : 'application/json',
        'x-amzn-requestid': 'r-1',
      })
      // A list the CLI iterates over must be present (logs tail reads `events`).
      res.end(String(req.headers['x-amz-target'] ?? '').endsWith('.FilterLogEvents') ? '{"events":[]}' : '{}')
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
