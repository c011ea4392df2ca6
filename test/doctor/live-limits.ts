/**
 * Helpers for the live-doctor limit tests: a loopback "AWS" that accepts connections and never
 * answers, a loopback DNS server that never answers, and the doctor's arguments for them.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'
import { TEMP, envFor } from '../helpers/run-cli.js'

export interface Silent {
  readonly hole: FaultServer
  readonly dnsPort: number
  /** The env for the CLI: AWS_ENDPOINT_URL at the hole, example credentials. */
  env(extra?: Record<string, string>): Record<string, string>
  args(extra?: readonly string[]): string[]
  close(): Promise<void>
}

export const URL_ = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items'

export async function startSilentAws(): Promise<Silent> {
  const hole = await startFaultServer('blackhole')
  // DNS over UDP to a socket that reads and never answers.
  const udp: UdpSocket = createSocket('udp4')
  await new Promise<void>(r => udp.bind(0, '127.0.0.1', () => r()))
  const dnsPort = udp.address().port
  return {
    hole,
    dnsPort,
    env: (extra = {}) =>
      envFor(TEMP, { AWS_ENDPOINT_URL: `http://127.0.0.1:${hole.port}`, AWS_REGION: 'us-east-1', ...extra }),
    args: (extra = []) => [
      'doctor',
      URL_,
      '--vpc',
      'vpc-00000000000000001',
      '--subnet',
      'subnet-00000000000000001',
      '--caller-sg',
      'sg-00000000000000001',
      '--caller-ip',
      '10.0.0.5',
      '--api-account',
      '222222222222',
      '--dns-server',
      `127.0.0.1:${dnsPort}`,
      ...extra,
    ],
    async close() {
      udp.close()
      await hole.close()
    },
  }
}

/** How often `needle` occurs in `text`. */
export const occurrences = (text: string, needle: string): number => text.split(needle).length - 1
