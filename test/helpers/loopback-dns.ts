import { createSocket } from 'node:dgram'
import dnsPacket from 'dns-packet'

/**
 * A real DNS server on 127.0.0.1 (UDP): answers A records from a table, NXDOMAIN for the
 * rest (or stays silent for names in `silent`, to test resolver timeouts).
 */
export async function startLoopbackDns(
  records: Record<string, readonly string[]>,
  opts: { silent?: readonly string[] } = {},
) {
  const socket = createSocket('udp4')
  const queries: string[] = []
  socket.on('message', (msg, rinfo) => {
    let query: dnsPacket.Packet
    try {
      query = dnsPacket.decode(msg)
    } catch {
      return
    }
    const q = query.questions?.[0]
    if (!q) return
    const name = q.name.toLowerCase()
    queries.push(`${q.type} ${name}`)
    if (opts.silent?.includes(name)) return
    const addresses = records[name]
    const answers =
      q.type === 'A' && addresses
        ? addresses.map(data => ({ type: 'A' as const, name: q.name, ttl: 60, class: 'IN' as const, data }))
        : []
    const rcode = addresses ? 'NOERROR' : 'NXDOMAIN'
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (rcode === 'NXDOMAIN' ? 3 : 0),
      questions: query.questions,
      answers,
    })
    socket.send(response, rinfo.port, rinfo.address)
  })
  await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve))
  const port = socket.address().port
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>(resolve => socket.close(() => resolve())),
  }
}
