/**
 * handler.route-exists, one test per branch: the method and path, the resource id matched, and
 * the commands that add the route (parent id, path part, resource id, stage) with the real ids.
 */
import { describe, expect, it } from 'vitest'
import { handlerRouteExists } from '../../../src/doctor/checks/handler-route-exists.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API, type Draft, HOST, REGION, denied, healthy, healthyCustomDomain, ok } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const withPath = (s: Draft<DoctorSnapshot>, path: string) => {
  s.target.url = `https://${HOST}/prod${path}`
  s.target.urlPath = `/prod${path}`
  s.target.resourcePath = path
  return s
}

describe('handler.route-exists, the facts of each branch', () => {
  it('a match: the method upper-cased, the request path, the resource path and id', () => {
    const s = healthy()
    s.target.method = 'get'
    const f = runCheck(handlerRouteExists, s)
    expectFinding(f, 'pass')
    expect(f.summary).toMatch(/^GET \/items matches .*\/items \(resource res0000001\)$/)
  })
  it('no resource, its parent exists: fail naming the 403; the fix creates it under the parent id, then the method', () => {
    const s = withPath(healthy(), '/orders')
    s.target.method = 'post'
    const f = runCheck(handlerRouteExists, s)
    expectFinding(f, 'fail', {
      summary: ['Missing Authentication Token', '403'],
      evidence: ['resources: / []; /items [GET]; /items/{id} [GET]'],
      resource: API,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toBe(`# check the URL's path and method first; to add POST /orders:`)
    expect(lines[1]).toBe(
      `aws apigateway create-resource --rest-api-id ${API} --parent-id root000001 --path-part orders --region ${REGION}`,
    )
    expect(lines[2]).toBe('# RESOURCE_ID: the id create-resource prints')
    expect(lines[3]).toContain(
      `put-method --rest-api-id ${API} --resource-id RESOURCE_ID --http-method POST `,
    )
    expect(lines[4]).toContain(
      `put-integration --rest-api-id ${API} --resource-id RESOURCE_ID --http-method POST `,
    )
    expect(lines[5]).toContain(`arn:aws:apigateway:${REGION}:lambda:path`)
    expect(f.fix).not.toContain('PARENT_ID')
    expect(f.fix).not.toContain('API_ID')
    expect(f.fix).toContain(`create-deployment --rest-api-id ${API} --stage-name prod`)
  })
  it('no resource and no parent: the fix uses PARENT_ID and says how to find it', () => {
    const f = runCheck(handlerRouteExists, withPath(healthy(), '/orders/7'))
    expectFinding(f, 'fail')
    const lines = f.fix!.split('\n')
    expect(lines[1]).toContain('--parent-id PARENT_ID --path-part 7 ')
    expect(lines[2]).toBe(
      `# PARENT_ID: the id of /orders, created the same way (aws apigateway get-resources --rest-api-id ${API} --region ${REGION})`,
    )
  })
  it('the resource exists without the method: the fix puts the method on that resource id, no create-resource', () => {
    const s = withPath(healthy(), '/items')
    s.target.method = 'DELETE'
    const f = runCheck(handlerRouteExists, s)
    expectFinding(f, 'fail', {
      fix: ['to add DELETE /items:', '--resource-id res0000001 --http-method DELETE'],
    })
    expect(f.fix).not.toContain('create-resource')
    expect(f.fix).not.toContain('RESOURCE_ID')
  })
  it('a trailing slash: the path part is a placeholder', () => {
    const f = runCheck(handlerRouteExists, withPath(healthy(), '/orders/'))
    if (f.status === 'fail') expect(f.fix).toMatch(/--path-part (PATH_PART|orders) /)
  })
  it('resources unreadable: unknown asking for API-account credentials', () => {
    const s = healthy()
    s.api.resources = denied('apigateway:GET')
    const f = runCheck(handlerRouteExists, s)
    expectFinding(f, 'unknown')
    expect(f.missing).toContain('--api-profile/--api-role-arn')
  })
  it("a custom domain path no mapping serves: fail with the route's reason; resources unreadable too: skipped", () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = ok([{ basePath: 'billing', restApiId: API, stage: 'prod' }])
    const f = runCheck(handlerRouteExists, s)
    expectFinding(f, 'fail', {
      summary: ['no base path mapping of', 'matches /orders/items', 'Missing Authentication Token'],
    })
    // No route: the fix adds the resource at the root, with a placeholder stage.
    expect(f.fix).toContain('to add GET /:')
    expect(f.fix).toContain('--stage-name STAGE')
    s.api.resources = denied('apigateway:GET')
    const g = runCheck(handlerRouteExists, s)
    expectFinding(g, 'skipped', { summary: ['domain.base-path-mapping'] })
  })
})
