import { createServer, type Server } from 'node:http'

/**
 * Just enough of EC2's Query API for `call --vpce <id>`: DescribeVpcEndpoints by id, answered
 * with DnsEntries (regional name, per-AZ names, private names) as EC2 writes them.
 */
export async function startFakeEc2(endpoints: Record<string, readonly string[]>) {
  const calls: Array<Record<string, string>> = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body))
      calls.push(params)
      res.setHeader('content-type', 'text/xml;charset=UTF-8')
      const id = params['VpcEndpointId.1'] ?? ''
      const names = endpoints[id]
      if (params.Action !== 'DescribeVpcEndpoints' || !names) {
        res.statusCode = 400
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InvalidVpcEndpointId.NotFound</Code><Message>The Vpc Endpoint Id '${id}' does not exist</Message></Error></Errors><RequestID>r-1</RequestID></Response>`,
        )
        return
      }
      const entries = names
        .map(n => `<item><dnsName>${n}</dnsName><hostedZoneId>Z7HUB22UULQXV</hostedZoneId></item>`)
        .join('')
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId><vpcEndpointSet><item><vpcEndpointId>${id}</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><state>available</state><dnsEntrySet>${entries}</dnsEntrySet></item></vpcEndpointSet></DescribeVpcEndpointsResponse>`,
      )
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
