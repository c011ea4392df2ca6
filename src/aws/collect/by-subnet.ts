/**
 * The snapshot's per-id and per-subnet records, built from the list answers. The snapshot keeps
 * one entry per subnet (schema 1), so which NACL and which route table a subnet uses is settled
 * here, by AWS's own association rules, not left to the checks: a subnet has exactly one NACL
 * (its association), and uses its explicitly associated route table, else the VPC's main one.
 * Pure: no reads.
 */
import {
  ok,
  type Collected,
  type NaclFacts,
  type RouteTableFacts,
  type SecurityGroupFacts,
  type SgRuleFacts,
} from '../../doctor/snapshot.js'
import type { NaclWithSubnets, RouteTableWithAssociations } from './ports.js'

/** One entry per id: the item with that id, `not-found`, or the list's own failure. */
export function byId<T>(
  ids: readonly string[],
  list: Collected<readonly T[]>,
  key: (x: T) => string,
  what: string,
): Record<string, Collected<T>> {
  return Object.fromEntries(
    ids.map(i => {
      if (list.status !== 'ok') return [i, list]
      const found = list.value.find(x => key(x) === i)
      return [i, found ? ok(found) : { status: 'not-found' as const, message: `${what} ${i} not found` }]
    }),
  )
}

/** The rules of each group (DescribeSecurityGroupRules answers for all groups at once). */
export function securityGroupsOf(
  groupIds: readonly string[],
  rules: Collected<readonly SgRuleFacts[]>,
): Record<string, SecurityGroupFacts> {
  return Object.fromEntries(
    groupIds.map(g => [
      g,
      { groupId: g, rules: rules.status === 'ok' ? ok(rules.value.filter(r => r.groupId === g)) : rules },
    ]),
  )
}

/** Each subnet's network ACL: the one associated with it. */
export function naclBySubnet(
  subnetIds: readonly string[],
  nacls: Collected<readonly NaclWithSubnets[]>,
): Record<string, Collected<NaclFacts>> {
  return Object.fromEntries(
    subnetIds.map(sn => {
      if (nacls.status !== 'ok') return [sn, nacls]
      const a = nacls.value.find(x => x.subnetIds.includes(sn))
      return [
        sn,
        a
          ? ok({
              naclId: a.naclId,
              ...(a.isDefault !== undefined ? { isDefault: a.isDefault } : {}),
              entries: a.entries,
            })
          : { status: 'not-found' as const, message: `no network ACL associated with ${sn}` },
      ]
    }),
  )
}

/** Each subnet's route table: its explicit association, else the VPC's main table. */
export function routeTableBySubnet(
  subnetIds: readonly string[],
  routes: Collected<readonly RouteTableWithAssociations[]>,
): Record<string, Collected<RouteTableFacts>> {
  return Object.fromEntries(
    subnetIds.map(sn => {
      if (routes.status !== 'ok') return [sn, routes]
      const explicit = routes.value.find(r => r.subnetIds.includes(sn))
      const table = explicit ?? routes.value.find(r => r.main)
      return [
        sn,
        table
          ? ok({ routeTableId: table.routeTableId, main: !explicit, routes: table.routes })
          : { status: 'not-found' as const, message: `no route table for ${sn}` },
      ]
    }),
  )
}
