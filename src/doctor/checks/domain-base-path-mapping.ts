import { shq } from '../check-helpers.js'
import { valueOf } from '../snapshot.js'
import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'

/** Hop 6 (domain): the custom domain maps the URL's base path to the API and a stage (row 41). */
export const domainBasePathMapping: Check = {
  id: 'domain.base-path-mapping',
  hop: 6,
  title: "a private custom domain maps the URL's base path to the API and stage",
  rows: [41],
  run(s, d) {
    const dom = s.api.customDomain
    if (!dom) return skipped('the URL is not a custom domain name')
    const mappings = dom.basePathMappings
    if (mappings.status !== 'ok')
      return unknownFrom(`the base path mappings of ${dom.domainName}`, mappings, [
        '--api-profile/--api-role-arn',
      ])
    const evidence = [
      `mappings: ${mappings.value.map(m => `${m.basePath} → ${m.restApiId}/${m.stage ?? '*'}`).join(', ') || 'none'}`,
    ]
    if (d.route.status === 'ok' && d.route.value.mapping) {
      const m = d.route.value.mapping
      return pass(
        `${dom.domainName}/${m.basePath === '(none)' ? '' : m.basePath} → ${m.restApiId}/${d.route.value.stage}${d.route.value.resourcePath}`,
        evidence,
      )
    }
    const stageNames = (valueOf(s.api.stages) ?? []).map(x => x.stageName)
    const first = s.target.urlPath.split('/').filter(Boolean)[0] ?? ''
    const id = (dom.domain.status === 'ok' ? dom.domain.value.domainNameId : undefined) ?? 'DOMAIN_NAME_ID'
    return fail(
      `no base path mapping of ${dom.domainName} matches ${s.target.urlPath}: 403 Forbidden`,
      [
        `aws apigateway create-base-path-mapping --domain-name ${dom.domainName} --domain-name-id ${id} --rest-api-id ${d.apiId ?? 'API_ID'} --stage STAGE${first ? ` --base-path ${shq(first)}` : ''} --region ${s.target.region}`,
        `# STAGE: the stage to serve under /${first}${stageNames.length && d.apiId ? ` (stages of ${d.apiId}: ${stageNames.join(', ')})` : ` (aws apigateway get-stages --rest-api-id ${d.apiId ?? 'API_ID'} --region ${s.target.region})`}`,
        ...(d.apiId ? [] : ['# API_ID: the REST API to serve (aws apigateway get-rest-apis)']),
        ...(id === 'DOMAIN_NAME_ID'
          ? [
              `# DOMAIN_NAME_ID: aws apigateway get-domain-names --resource-owner SELF --region ${s.target.region}`,
            ]
          : []),
      ].join('\n'),
      evidence,
      dom.domainName,
    )
  },
}
