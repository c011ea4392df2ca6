// A tiny DNS server on loopback UDP, written with dns-packet: answers A/AAAA queries from a
// table, NXDOMAIN for names it does not know, and can answer SERVFAIL or stay silent (timeout)
// for chosen names. Used by the DNS tests and the doctor's live end-to-end run and benchmark.
import dgram from 'node:dgram'
import packet from 'dns-packet'

/**
 * records: { [name]: { A?: string[], AAAA?: string[] } | 'SERVFAIL' | 'TIMEOUT' }
 * Returns { host, port, queries, close }.
 */
export async function startFakeDns(records) {
  const socket = dgram.createSocket('udp4')
  const queries = []
  socket.on('message', (msg, rinfo) => {
    let q
    try {
      q = packet.decode(msg)
    } catch {
      return
    }
    const question = q.questions?.[0]
    if (!question) return
    const name = question.name.toLowerCase().replace(/\.$/, '')
    queries.push(`${question.type} ${name}`)
    const rec = records[name]
    if (rec === 'TIMEOUT') return
    const base = {
      id: q.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
      questions: q.questions,
    }
    let answer
    if (rec === 'SERVFAIL') answer = { ...base, flags: base.flags | 2 }
    else if (!rec) answer = { ...base, flags: base.flags | 3 }
    else {
      const values = rec[question.type] ?? []
      answer = {
        ...base,
        answers: values.map(data => ({
          type: question.type,
          name: question.name,
          ttl: 60,
          class: 'IN',
          data,
        })),
      }
    }
    socket.send(packet.encode(answer), rinfo.port, rinfo.address)
  })
  await new Promise(resolve => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address()
  return {
    host: '127.0.0.1',
    port,
    queries,
    close: () => new Promise(resolve => socket.close(() => resolve())),
  }
}
