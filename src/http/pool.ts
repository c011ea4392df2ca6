import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

/**
 * A keep-alive pool for the requests of ONE transport (openTransport): all of them have the
 * same connection options, so they share one pool key, computed once.
 *
 * Node keys a pool's sockets by `agent.getName(options)`, which for https concatenates the CA
 * bundle, certificate and key (kilobytes of PEM) into a new string three times per request
 * (addRequest, 'free', removeSocket), each then hashed anew to look up the socket lists. At
 * thousands of requests a second (call --repeat) that is a visible share of the run. Only
 * valid while every request through the pool dials the same target with the same TLS
 * options: hence one pool per transport, never a shared one.
 */
export function singleTargetPool(protocol: 'https:' | 'http:', maxSockets: number): HttpAgent {
  const agent =
    protocol === 'https:'
      ? new HttpsAgent({ keepAlive: true, maxSockets })
      : new HttpAgent({ keepAlive: true, maxSockets })
  const nameOf = agent.getName.bind(agent)
  let name: string | undefined
  agent.getName = options => (name ??= nameOf(options))
  return agent
}
