/**
 * The facts a user acts on, per scenario and per failing (or warning) check: the resource at
 * fault, the ids the summary must name, the ids the fix must use, and the policy statement
 * (index, Sid) the evidence must point at. Written by hand from the scenario's misconfiguration,
 * as substrings, so rewording a message keeps them true; a fix that loses the real ids breaks them.
 * Facts that several scenarios share are named once above the table, from the builders in
 * scenario-facts-kit.ts (a policy statement that decides, the fix commands of one kind of change).
 */
import {
  API,
  API_ARN,
  DOMAIN,
  DOMAIN_ARN,
  LAMBDA_SESSION_ARN,
  FUNCTION_ARN,
  HOST,
  NACL_STRICT,
  ROLE_ARN,
  SESSION_ARN,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_CALLER,
  SUBNET_EP_A,
  VPC,
  VPC_OTHER,
  VPCE,
  VPCE_OTHER,
} from './builders.js'
import { INBOUND, INBOUND_IPS, ONPREM_CIDR, PCX, RTB_OTHER, RULE, TGW, ZONE } from './scenario-defs-hybrid.js'
import {
  type Facts,
  ITEMS_ARN,
  MODIFY_ENDPOINT,
  NACL_ENTRY,
  REDEPLOY,
  UPDATE_API_AND_DEPLOY,
  boundaryLacksInvoke,
  endpointPolicyStatement,
  identityMissing,
  naclBlocks,
  resourcePolicyStatement,
} from './scenario-facts-kit.js'
import { FRONT_API, FRONT_RESOURCE, NLB_ARN, NLB_DNS, TG_ARN, VPC_LINK } from './scenario-defs-frontdoor.js'

export type { Facts } from './scenario-facts-kit.js'

/** The endpoint an old aws:SourceVpce condition names instead of the caller's. */
const OLD_VPCE = 'vpce-00000000000000009'

/** Resource policy Statement[1] admits only OLD_VPCE: the caller's endpoint is denied. */
const SOURCE_VPCE_OLD_ENDPOINT = resourcePolicyStatement(1, 'DenyOutsideEndpoint', {
  summary: [OLD_VPCE, VPCE],
  fixIds: [API, OLD_VPCE, VPCE],
})

/** Private DNS is off on the endpoint; the fix turns it on (or calls with --vpce). */
const PRIVATE_DNS_OFF: Facts = {
  resource: VPCE,
  summary: [VPCE, API],
  fix: [...MODIFY_ENDPOINT, API, `--vpce ${VPCE}`],
}

/** The caller's security group has no 443 egress to the endpoint's group. */
const CALLER_SG_NO_EGRESS: Facts = {
  resource: SG_CALLER,
  summary: [SG_CALLER, '443', VPCE, SG_ENDPOINT],
  fix: [SG_CALLER, SG_ENDPOINT, 'aws ec2 authorize-security-group-egress', `--group-id ${SG_CALLER}`],
}

/** The endpoint's security group admits 443 from elsewhere, not from the caller's group. */
const ENDPOINT_SG_NO_CALLER: Facts = {
  resource: SG_ENDPOINT,
  summary: [VPCE, SG_ENDPOINT, '443', SG_CALLER],
  fix: [SG_ENDPOINT, SG_CALLER, 'aws ec2 authorize-security-group-ingress', `--group-id ${SG_ENDPOINT}`],
}

/** The API is REGIONAL, not PRIVATE; the fix changes its endpoint type and redeploys. */
const API_NOT_PRIVATE: Facts = { resource: API, summary: [API], fix: [API, ...UPDATE_API_AND_DEPLOY] }

/** The method requires an API key and no usage plan holds the stage. */
const API_KEY_WITHOUT_PLAN: Facts = {
  resource: `${API}/prod`,
  summary: [API],
  fix: [
    API,
    'aws apigateway create-usage-plan',
    'aws apigateway create-api-key',
    'aws apigateway get-api-keys',
    'aws apigateway create-usage-plan-key',
    `--name ${API}`,
  ],
}

/** The route was added after deployment dep0000001 of stage prod. */
const ROUTE_NOT_DEPLOYED: Facts = { resource: `${API}/prod`, summary: ['dep0000001'], fix: REDEPLOY }

/** The private custom domain has no access association for the caller's endpoint. */
const noAccessAssociation = (summary: readonly string[] = []): Facts => ({
  resource: DOMAIN,
  summary: [VPCE, ...summary],
  fix: [
    VPCE,
    'aws apigateway create-domain-name-access-association',
    `--domain-name-arn ${DOMAIN_ARN}`,
    `--access-association-source ${VPCE}`,
  ],
})

export const FACTS: Readonly<Record<string, Readonly<Record<string, Facts>>>> = {
  'row01-unsigned-request': {
    'signing.authorization-header': {
      summary: ['AWS_IAM'],
      fix: [`https://${HOST}/prod/items`],
      evidence: ['AWS_IAM'],
    },
    'apigw.resource-policy-allows': resourcePolicyStatement(0, 'AllowCallerAccount'),
  },
  'row03-expired-token': {
    'signing.credentials': {
      resource: 'EC2 instance metadata (IMDS)',
      summary: ['ExpiredToken'],
      evidence: ['expired', 'EC2 instance metadata (IMDS)'],
    },
  },
  'row04-clock-skew': {
    // 7 minutes behind: the signature looks expired to AWS.
    'signing.clock-skew': { summary: ['7.0 min', 'behind', 'expired'], evidence: ['-420.0 s'] },
  },
  'row05-wrong-signing-region': {
    'signing.scope': {
      summary: ['us-west-2', 'us-east-1'],
      fix: ['--region us-east-1'],
      evidence: ['/us-west-2/'],
    },
  },
  'row06-wrong-signing-service': {
    'signing.scope': { summary: ['"apigateway"'], fix: ['execute-api'], evidence: ['/apigateway/'] },
  },
  'row07-host-override': {
    'signing.host-routing': { fix: ['vpce-00000000000000001', 'a1b2c3d4e5', '--api-id a1b2c3d4e5'] },
  },
  'row08-bearer-with-custom-endpoint-policy': {
    'signing.authorization-header': { evidence: ['NONE', 'Bearer'] },
  },
  'row09-private-dns-off': {
    'dns.private-dns-enabled': PRIVATE_DNS_OFF,
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5', '3.210.12.34, 52.1.2.3'],
      fix: [
        'vpce-00000000000000001',
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --private-dns-enabled`,
        'aws ec2 modify-vpc-endpoint',
      ],
      evidence: ['via the system resolver'],
    },
  },
  'row10-dns-hostnames-off': {
    'dns.vpc-attributes': {
      resource: 'vpc-00000000000000001',
      summary: ['vpc-00000000000000001'],
      fix: ['vpc-00000000000000001', 'aws ec2 modify-vpc-attribute', '--vpc-id vpc-00000000000000001'],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5', 'NXDOMAIN'],
      fix: [
        'vpce-00000000000000001',
        `modify-vpc-attribute --vpc-id ${VPC} --enable-dns-hostnames`,
        'aws ec2 modify-vpc-attribute',
      ],
      evidence: ['nxdomain'],
    },
  },
  'row11-custom-dhcp-resolvers': {
    'dns.dhcp-resolvers': {
      resource: 'dopt-00000000000000001',
      summary: ['a1b2c3d4e5'],
      fix: [
        'aws ec2 create-dhcp-options',
        'aws ec2 associate-dhcp-options',
        '--vpc-id vpc-00000000000000001',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5'],
      fix: ['vpce-00000000000000001', `describe-vpcs --vpc-ids ${VPC}`, 'aws ec2 describe-vpcs'],
    },
  },
  'row12-caller-in-other-vpc': {
    'dns.caller-vpc': {
      resource: 'vpce-00000000000000001',
      summary: ['vpc-00000000000000002', 'vpce-00000000000000001', 'vpc-00000000000000001', 'a1b2c3d4e5'],
      fix: [
        'vpc-00000000000000002',
        'vpc-00000000000000001',
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws ec2 create-vpc-endpoint',
        'aws ec2 create-security-group',
        '--vpce vpce-00000000000000001',
        '--vpc-id vpc-00000000000000002',
        '--subnet-ids subnet-00000000000000004',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5'],
      fix: ['vpce-00000000000000001', `describe-vpcs --vpc-ids ${VPC_OTHER}`, 'aws ec2 describe-vpcs'],
    },
    'sg.endpoint-ingress-443': {
      resource: 'sg-00000000000000002',
      summary: ['sg-00000000000000002', 'vpc-00000000000000002', 'vpc-00000000000000001'],
      fix: [
        'sg-00000000000000002',
        'aws ec2 authorize-security-group-ingress',
        '--group-id sg-00000000000000002',
      ],
    },
  },
  'row13-alias-not-associated': {
    'dns.alias-association': {
      resource: 'a1b2c3d4e5',
      summary: ['vpce-00000000000000001', 'a1b2c3d4e5'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        'aws apigateway update-rest-api',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5-vpce-00000000000000001.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5', 'vpce-00000000000000001'],
      fix: [
        'a1b2c3d4e5',
        'vpce-00000000000000001',
        `update-rest-api --rest-api-id ${API}`,
        '"path":"/endpointConfiguration/vpcEndpointIds","value":"vpce-00000000000000001"',
        'aws apigateway update-rest-api',
      ],
    },
  },
  'row14-public-api-captured-by-private-dns': {
    'dns.public-api-capture': {
      resource: 'vpce-00000000000000001',
      summary: ['a1b2c3d4e5', 'vpce-00000000000000001', 'vpc-00000000000000001'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
    },
    'apigw.endpoint-type-private': API_NOT_PRIVATE,
  },
  'row16-caller-sg-no-egress-443': {
    'sg.caller-egress-443': CALLER_SG_NO_EGRESS,
  },
  'row17-endpoint-sg-no-ingress': {
    'sg.endpoint-ingress-443': ENDPOINT_SG_NO_CALLER,
  },
  'row18-sg-cidr-misses-caller': {
    'sg.endpoint-ingress-443': ENDPOINT_SG_NO_CALLER,
  },
  'row24-endpoint-policy-excludes-api': {
    'vpce.policy-allows': endpointPolicyStatement(0, 'OnlyBilling', [ITEMS_ARN, ITEMS_ARN]),
  },
  'row25-endpoint-policy-org-deny': {
    'vpce.policy-allows': endpointPolicyStatement(1, 'DenyOtherOrgs'),
  },
  'row26-endpoint-policy-principal-on-none-method': {
    'vpce.policy-identity-rule': {
      resource: 'vpce-00000000000000001',
      summary: ['arn:aws:sts::111111111111:assumed-role/orders-caller/i-0123456789abcdef0'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        'aws apigateway update-method',
        'aws apigateway create-deployment',
        '--vpc-endpoint-id vpce-00000000000000001',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 0, sid: 'OnlyOrdersCaller' },
    },
    'vpce.policy-allows': endpointPolicyStatement(0, 'OnlyOrdersCaller'),
    'handler.authorizer': { resource: 'auth000001', fix: ['aws logs tail'] },
  },
  'row19-caller-nacl-blocks-return': {
    'nacl.caller-subnet': naclBlocks([SUBNET_CALLER, '1024', '65535']),
  },
  'row20-endpoint-nacl-denies-443': {
    'nacl.endpoint-subnet': naclBlocks([SUBNET_EP_A, '443']),
  },
  'row21-endpoint-failed': {
    'vpce.state-available': {
      resource: 'vpce-00000000000000001',
      summary: ['vpce-00000000000000001'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 describe-vpc-endpoints',
        'aws ec2 delete-vpc-endpoints',
        'aws ec2 create-vpc-endpoint',
        '--vpc-endpoint-ids vpce-00000000000000001',
        '--vpc-id vpc-00000000000000001',
        '--subnet-ids subnet-00000000000000002',
        '--security-group-ids sg-00000000000000002',
      ],
    },
  },
  'row22-default-route-to-igw': {
    'route.no-internet': {
      resource: 'rtb-00000000000000001',
      summary: ['subnet-00000000000000001', 'rtb-00000000000000001', 'igw-00000000000000001'],
      fix: ['rtb-00000000000000001', 'aws ec2 delete-route', '--route-table-id rtb-00000000000000001'],
    },
  },
  'row23-no-sts-path': {
    'route.sts-reachable': {
      resource: 'vpc-00000000000000001',
      summary: ['vpc-00000000000000001'],
      fix: [
        'vpc-00000000000000001',
        'subnet-00000000000000001',
        'aws ec2 create-vpc-endpoint',
        '--vpc-id vpc-00000000000000001',
        '--subnet-ids subnet-00000000000000001',
        '--security-group-ids sg-00000000000000002',
      ],
    },
  },
  'row15-api-not-private': {
    'apigw.endpoint-type-private': API_NOT_PRIVATE,
  },
  'row27-no-resource-policy': {
    'apigw.resource-policy-present': {
      resource: API,
      summary: [API],
      fix: [API, VPCE, ...UPDATE_API_AND_DEPLOY],
    },
  },
  'row28-sourcevpce-lists-old-endpoint': {
    'apigw.resource-policy-allows': SOURCE_VPCE_OLD_ENDPOINT,
  },
  'row29-vpc-id-in-sourcevpce': {
    'apigw.resource-policy-allows': resourcePolicyStatement(1, 'DenyOutsideEndpoint', {
      summary: [VPC],
      fixIds: [API, VPC],
    }),
  },
  'row30-policy-not-deployed': {
    'apigw.policy-deployed': {
      resource: 'a1b2c3d4e5/prod',
      fix: REDEPLOY,
    },
  },
  'row31-resource-too-narrow': {
    'apigw.resource-policy-allows': resourcePolicyStatement(0, 'AllowCallerAccount', {
      summary: [ITEMS_ARN, ITEMS_ARN],
    }),
  },
  'row32-principal-arn-on-none-method': {
    'apigw.resource-policy-principal-auth': {
      resource: 'a1b2c3d4e5 resource policy Statement[0] (AllowCallerAccount)',
      summary: ['Statement[0]', 'arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:root'],
      fix: [
        'vpce-00000000000000001',
        'aws apigateway update-method',
        'aws apigateway create-deployment',
        'aws apigateway update-rest-api',
        '--rest-api-id a1b2c3d4e5',
      ],
      statement: { index: 0, sid: 'AllowCallerAccount' },
    },
    'apigw.resource-policy-allows': resourcePolicyStatement(0, 'AllowCallerAccount'),
  },
  'row33-cross-account-identity-missing': {
    'iam.identity-allows': identityMissing({ index: 0 }),
  },
  'row34-identity-arn-wrong-region': {
    'iam.identity-allows': identityMissing({ index: 0, sid: 'InvokeOrders' }),
  },
  'row35-account-root-only': {
    'iam.identity-allows': identityMissing(),
  },
  'row36-boundary-lacks-invoke': {
    'iam.permissions-boundary': boundaryLacksInvoke('arn:aws:iam::111111111111:policy/data-only-boundary'),
  },
  'row36-scp-denies-execute-api': {
    'iam.scp': {
      resource: 'SCP no-api-gateway',
      statement: { index: 0, sid: 'DenyApiGateway' },
      fix: ['aws organizations update-policy', 'aws organizations list-policies'],
    },
  },
  'row02-stage-missing': {
    'handler.stage-deployed': {
      resource: 'a1b2c3d4e5/prd',
      summary: ['a1b2c3d4e5'],
      fix: REDEPLOY,
    },
  },
  'row02-path-missing': {
    'handler.route-exists': {
      resource: 'a1b2c3d4e5',
      fix: [
        'a1b2c3d4e5',
        'aws apigateway create-resource',
        'aws apigateway put-method',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'row02-route-not-deployed': {
    'handler.route-deployed': ROUTE_NOT_DEPLOYED,
  },
  'row37-authorizer-denies': {
    'handler.authorizer': { resource: 'auth000001', statement: { index: 0 } },
  },
  'row38-api-key-without-usage-plan': {
    'handler.api-key': API_KEY_WITHOUT_PLAN,
  },
  'row38-api-key-required': {
    'handler.api-key': {
      resource: 'a1b2c3d4e5/prod',
      fix: ['a1b2c3d4e5', 'plan000001', 'aws apigateway get-usage-plan-keys', 'aws apigateway get-api-key'],
    },
  },
  'row39-lambda-permission-missing': {
    'handler.integration': {
      resource: 'arn:aws:lambda:us-east-1:222222222222:function:orders-api',
      summary: ['arn:aws:lambda:us-east-1:222222222222:function:orders-api'],
      fix: [
        'a1b2c3d4e5',
        'aws lambda add-permission',
        '--function-name arn:aws:lambda:us-east-1:222222222222:function:orders-api',
      ],
    },
  },
  'row40-no-domain-access-association': {
    'domain.access-association': noAccessAssociation(),
  },
  'row41-domain-policy-deny-all': {
    'domain.policy-allows': {
      resource: 'orders.internal.example.com',
      summary: ['vpce-00000000000000001'],
      fix: ['vpce-00000000000000001', 'aws apigateway update-domain-name'],
    },
  },
  'row41-no-base-path-mapping': {
    'domain.base-path-mapping': {
      resource: 'orders.internal.example.com',
      fix: ['a1b2c3d4e5', 'aws apigateway create-base-path-mapping', '--rest-api-id a1b2c3d4e5'],
    },
    'handler.route-exists': {
      resource: 'a1b2c3d4e5',
      fix: [
        'a1b2c3d4e5',
        'aws apigateway put-method',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
        'aws apigateway get-stages',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'account-b-unreadable-policy-file': {
    'apigw.resource-policy-allows': SOURCE_VPCE_OLD_ENDPOINT,
  },
  'combined-sg-and-sourcevpce': {
    'sg.caller-egress-443': CALLER_SG_NO_EGRESS,
    'apigw.resource-policy-allows': SOURCE_VPCE_OLD_ENDPOINT,
  },
  'combined-dns-identity-stage': {
    'dns.private-dns-enabled': PRIVATE_DNS_OFF,
    'dns.private-resolution': {
      resource: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      summary: ['a1b2c3d4e5'],
      fix: [
        'vpce-00000000000000001',
        'aws ec2 modify-vpc-endpoint',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
    },
    'iam.identity-allows': identityMissing(),
    'handler.route-deployed': ROUTE_NOT_DEPLOYED,
  },
  'combined-lambda-nacl-and-key': {
    'nacl.caller-subnet': naclBlocks([SUBNET_CALLER, '1024']),
    'handler.api-key': API_KEY_WITHOUT_PLAN,
  },
  'combined-endpoint-policy-and-boundary': {
    'vpce.policy-allows': endpointPolicyStatement(0, 'OnlyBatch', [LAMBDA_SESSION_ARN, LAMBDA_SESSION_ARN]),
    'iam.permissions-boundary': boundaryLacksInvoke('arn:aws:iam::111111111111:policy/no-invoke'),
  },

  // ---- scenario-defs-branches.ts -------------------------------------------------------------
  'branch-clock-ahead-over-5-min': {
    'signing.clock-skew': { summary: ['6.0 min', 'ahead of', 'not yet current'], evidence: ['360.0 s'] },
  },
  'branch-clock-behind-2-min': {
    'signing.clock-skew': { summary: ['120 s', 'behind'], evidence: ['-120.0 s'] },
  },
  'branch-alias-resolves-to-other-endpoint': {
    'dns.private-resolution': {
      resource: `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`,
      summary: [VPCE_OTHER, VPCE, 'aws:SourceVpce', 'a1b2c3d4e5'],
      fix: [VPCE_OTHER],
      evidence: ['10.0.2.99'],
    },
  },
  'branch-endpoint-nacl-partial-ephemeral': {
    'nacl.endpoint-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, SUBNET_EP_A, 'outbound', '1024-32767'],
      fix: [...NACL_ENTRY, 'From=1024,To=65535', '10.0.1.15/32'],
    },
  },
  'branch-lambda-endpoint-nacl-partial-ephemeral': {
    'nacl.endpoint-subnet': naclBlocks(['1024-32767', SUBNET_EP_A]),
  },
  'branch-caller-nacl-partial-ephemeral': {
    'nacl.caller-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, SUBNET_CALLER, 'inbound', '1024-32767'],
      fix: [...NACL_ENTRY, 'From=1024,To=65535', '10.0.2.10/32'],
    },
  },
  'branch-resolves-to-unknown-private-ips': {
    'dns.private-resolution': {
      resource: HOST,
      summary: ['10.0.9.9', VPCE, '10.0.2.10', '10.0.3.10', 'a1b2c3d4e5'],
      fix: [VPCE, 'aws ec2 describe-vpcs', '--vpc-ids vpc-00000000000000001'],
      evidence: [`${VPCE} ENIs: 10.0.2.10, 10.0.3.10`],
    },
  },
  'branch-execute-api-endpoint-disabled': {
    'apigw.execute-api-endpoint': {
      resource: API,
      summary: [API, 'disableExecuteApiEndpoint'],
      fix: [
        API,
        'disableExecuteApiEndpoint',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'branch-denying-policy-changed-after-deployment': {
    'apigw.resource-policy-allows': resourcePolicyStatement(1, 'DenyOutsideEndpoint', {
      summary: [OLD_VPCE, VPCE],
    }),
    'apigw.policy-deployed': {
      resource: `${API}/prod`,
      summary: ['2025-01-14T08:30:00.000Z', 'prod', '2025-01-10T10:00:00.000Z'],
      fix: [...REDEPLOY, 'prod'],
      evidence: ['ops-admin', 'dep0000001'],
    },
  },
  'branch-alias-nxdomain-api-unreadable': {
    'dns.alias-association': {
      resource: API,
      summary: ['NXDOMAIN', VPCE, API],
      fix: [API, VPCE, 'aws apigateway update-rest-api', '--rest-api-id a1b2c3d4e5'],
      evidence: ['apigateway:GET'],
    },
    'dns.private-resolution': {
      resource: `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`,
      summary: ['NXDOMAIN', 'a1b2c3d4e5', 'vpce-00000000000000001'],
      fix: [API, VPCE, 'aws apigateway update-rest-api', '--rest-api-id a1b2c3d4e5'],
    },
  },
  'branch-caller-vpc-has-no-endpoint': {
    'dns.caller-vpc': {
      resource: VPC_OTHER,
      summary: [VPC_OTHER, VPCE, VPC, VPCE_OTHER],
      fix: [
        VPC_OTHER,
        VPC,
        'aws ec2 create-vpc-endpoint',
        'aws ec2 create-security-group',
        '--vpc-id vpc-00000000000000002',
        '--subnet-ids subnet-00000000000000004',
      ],
    },
    'dns.private-resolution': {
      resource: HOST,
      summary: ['3.210.12.34', 'a1b2c3d4e5'],
      fix: ['Values=com.amazonaws.us-east-1.execute-api', 'aws ec2 describe-vpc-endpoints'],
    },
  },
  'branch-alias-from-peered-vpc': {
    'dns.caller-vpc': { resource: VPCE, summary: [VPC_OTHER, VPCE, VPC], fix: [VPC_OTHER, VPC, SG_ENDPOINT] },
    'sg.endpoint-ingress-443': {
      resource: SG_ENDPOINT,
      summary: [SG_ENDPOINT, VPC_OTHER, VPC],
      fix: [
        SG_ENDPOINT,
        'CidrIp=10.1.1.20/32',
        'aws ec2 authorize-security-group-ingress',
        '--group-id sg-00000000000000002',
      ],
    },
  },
  'branch-custom-dhcp-from-laptop': {
    'dns.dhcp-resolvers': {
      resource: 'dopt-00000000000000001',
      summary: ['10.0.0.53', 'execute-api.us-east-1.amazonaws.com'],
      fix: [
        '10.0.0.53',
        'aws ec2 create-dhcp-options',
        'aws ec2 associate-dhcp-options',
        '--vpc-id vpc-00000000000000001',
      ],
    },
  },
  'branch-domain-no-management-policy': {
    'domain.access-association': noAccessAssociation([DOMAIN]),
    'domain.management-policy': {
      resource: DOMAIN,
      summary: [DOMAIN, 'managementPolicy'],
      fix: [DOMAIN, '111111111111', 'aws apigateway update-domain-name'],
    },
  },
  'branch-domain-management-policy-other-account': {
    'domain.access-association': noAccessAssociation([DOMAIN]),
    'domain.management-policy': {
      resource: DOMAIN,
      summary: [DOMAIN, '111111111111'],
      fix: ['arn:aws:iam::111111111111:root', DOMAIN, 'aws apigateway update-domain-name'],
    },
  },
  'branch-domain-without-policy': {
    'domain.policy-allows': {
      resource: DOMAIN,
      summary: [DOMAIN],
      fix: [DOMAIN, 'abcd1234', 'aws apigateway update-domain-name'],
    },
  },
  'branch-authorizer-missing': {
    'handler.authorizer': {
      resource: 'auth000009',
      summary: ['auth000009'],
      fix: [
        'aws apigateway update-method',
        'aws apigateway get-authorizers',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'branch-token-authorizer-no-header': {
    'handler.authorizer': {
      resource: 'auth000001',
      summary: ['orders-token', 'Authorization', '401'],
      fix: ['Authorization'],
    },
  },
  'branch-cognito-method-signed': {
    'signing.authorization-header': {
      summary: ['COGNITO_USER_POOLS'],
      evidence: ['COGNITO_USER_POOLS', 'SigV4'],
    },
  },
  'branch-bearer-on-iam-method': {
    'signing.authorization-header': { summary: ['AWS_IAM', 'SigV4'], evidence: ['Bearer'] },
    'apigw.resource-policy-allows': resourcePolicyStatement(0, 'AllowCallerAccount', { fixIds: [] }),
  },
  'branch-no-integration': {
    'handler.integration': {
      resource: 'res0000001',
      summary: ['GET', '/items', '500'],
      fix: [
        API,
        'res0000001',
        'GET',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
        '--rest-api-id a1b2c3d4e5',
      ],
    },
  },
  'branch-lambda-permission-other-api': {
    'handler.integration': {
      resource: FUNCTION_ARN,
      summary: [FUNCTION_ARN, API],
      fix: [
        FUNCTION_ARN,
        `${API}/*/*/*`,
        'apigateway.amazonaws.com',
        'aws lambda add-permission',
        '--function-name arn:aws:lambda:us-east-1:222222222222:function:orders-api',
      ],
      evidence: [`${API_ARN}/prod/GET/items`],
    },
  },
  'branch-method-changed-since-deployment': {
    'handler.route-deployed': {
      resource: `${API}/prod`,
      summary: ['GET', '/items', 'dep0000001', 'NONE', 'AWS_IAM'],
      fix: [...REDEPLOY, 'prod'],
    },
  },
  'branch-api-does-not-exist': {
    'handler.stage-deployed': {
      resource: API,
      summary: [API, '222222222222', 'us-east-1'],
      fix: ['aws apigateway get-rest-apis'],
    },
  },
  'branch-stage-without-deployment': {
    'handler.stage-deployed': {
      resource: `${API}/prod`,
      summary: ['prod'],
      fix: [...REDEPLOY, 'prod'],
    },
  },
  'branch-identity-policy-denies': {
    'iam.identity-allows': {
      resource: 'identity policy deny-invoke Statement[0] (NoInvoke)',
      summary: [
        'deny-invoke',
        'Statement[0]',
        'NoInvoke',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['Statement[0]', 'deny-invoke'],
      statement: { index: 0, sid: 'NoInvoke' },
    },
  },
  'branch-identity-missing-method-unreadable': {
    'iam.identity-allows': {
      resource: ROLE_ARN,
      summary: [
        SESSION_ARN,
        'AWS_IAM',
        'arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5/prod/GET/items',
      ],
      fix: ['orders-caller', API, 'aws iam put-role-policy'],
    },
  },
  'branch-session-expired': {
    'signing.credentials': {
      summary: ['2025-01-15T11:00:00.000Z'],
      evidence: [SESSION_ARN],
      fix: ['aws sso login'],
    },
  },
  'branch-session-expiring': {
    'signing.credentials': { summary: ['5 min', '2025-01-15T12:05:00.000Z'] },
  },
  'branch-no-endpoint-in-region': {
    'vpce.state-available': {
      resource: VPC,
      summary: ['us-east-1', VPC],
      fix: [
        VPC,
        'com.amazonaws.us-east-1.execute-api',
        'aws ec2 create-vpc-endpoint',
        'aws ec2 create-security-group',
        '--vpc-id vpc-00000000000000001',
        '--subnet-ids subnet-00000000000000001',
      ],
    },
  },
  'branch-endpoint-in-one-zone': {
    'vpce.subnets-azs': {
      resource: VPCE,
      summary: [VPCE],
      fix: [
        VPCE,
        'aws ec2 modify-vpc-endpoint',
        'aws ec2 describe-subnets',
        '--vpc-endpoint-id vpce-00000000000000001',
      ],
      evidence: [SUBNET_EP_A, 'us-east-1a'],
    },
  },
  'dhcp-no-domain-name-servers': {
    'dns.dhcp-resolvers': {
      resource: 'dopt-00000000000000001',
      summary: [VPC, 'dopt-00000000000000001', 'domain-name-servers'],
      fix: [
        'create-dhcp-options',
        'AmazonProvidedDNS',
        `associate-dhcp-options --dhcp-options-id DHCP_OPTIONS_ID --vpc-id ${VPC}`,
        'aws ec2 create-dhcp-options',
        'aws ec2 associate-dhcp-options',
      ],
    },
    'dns.private-resolution': {
      resource: HOST,
      summary: [HOST, 'NXDOMAIN'],
      fix: [VPCE, `describe-vpcs --vpc-ids ${VPC}`, 'aws ec2 describe-vpcs'],
    },
  },
  'endpoint-policy-notprincipal-deny': {
    'vpce.policy-allows': {
      resource: `${VPCE} endpoint policy Statement[1] (OnlyBatch)`,
      summary: [
        'NotPrincipal',
        SESSION_ARN,
        'not in it',
        'vpce-00000000000000001',
        'arn:aws:iam::111111111111:role/batch-jobs',
      ],
      fix: [
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE}`,
        ROLE_ARN,
        SESSION_ARN,
        'aws ec2 modify-vpc-endpoint',
      ],
      statement: { index: 1, sid: 'OnlyBatch' },
    },
  },
  'resource-policy-vpce-account-denies': {
    'apigw.resource-policy-allows': {
      resource: `${API} resource policy Statement[1] (OnlyNetworkAccountEndpoints)`,
      summary: ['aws:VpceAccount', '333333333333', '111111111111'],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        `create-deployment --rest-api-id ${API} --stage-name prod`,
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
      ],
      statement: { index: 1, sid: 'OnlyNetworkAccountEndpoints' },
    },
    'vpce.owner-keys': {
      resource: 'resource policy Statement[1] (OnlyNetworkAccountEndpoints)',
      summary: ['aws:VpceAccount', '111111111111', '333333333333'],
      fix: [`update-rest-api --rest-api-id ${API}`],
      evidence: [`aws:VpceAccount = 111111111111 (the OwnerId of ${VPCE}`],
      statement: { index: 1, sid: 'OnlyNetworkAccountEndpoints' },
    },
  },
  'sg-caller-egress-prefix-list-misses': {
    'sg.caller-egress-443': {
      resource: SG_CALLER,
      summary: [SG_CALLER, VPCE, '443', 'sg-00000000000000002'],
      fix: [
        `authorize-security-group-egress --group-id ${SG_CALLER}`,
        SG_ENDPOINT,
        'aws ec2 authorize-security-group-egress',
      ],
    },
  },
  'handler-no-integration': {
    'handler.integration': {
      resource: 'res0000001',
      summary: ['no integration', '500'],
      fix: [
        `put-integration --rest-api-id ${API} --resource-id res0000001 --http-method GET`,
        'create-deployment',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
      ],
    },
  },
  'handler-authorizer-missing': {
    'handler.authorizer': {
      resource: 'gone00001',
      summary: ['gone00001', 'does not exist'],
      fix: [
        `update-method --rest-api-id ${API} --resource-id res0000001`,
        'AUTHORIZER_ID:',
        'get-authorizers',
        'aws apigateway update-method',
        'aws apigateway get-authorizers',
        'aws apigateway create-deployment',
      ],
    },
  },
  'handler-resource-missing': {
    'handler.route-exists': {
      resource: API,
      summary: ['/orders/items', 'Missing Authentication Token'],
      fix: [
        `create-resource --rest-api-id ${API}`,
        '--path-part items',
        'PARENT_ID:',
        'aws apigateway create-resource',
        'aws apigateway get-resources',
        'aws apigateway put-method',
        'aws apigateway put-integration',
        'aws apigateway create-deployment',
      ],
    },
  },
  'apigw-execute-api-endpoint-disabled': {
    'apigw.execute-api-endpoint': {
      resource: API,
      summary: [API, 'disableExecuteApiEndpoint'],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        '"path":"/disableExecuteApiEndpoint"',
        'create-deployment',
        'aws apigateway update-rest-api',
        'aws apigateway create-deployment',
      ],
    },
  },
  'vpce-pending': {
    'vpce.state-available': {
      resource: VPCE,
      summary: [VPCE, 'pendingAcceptance'],
      fix: [`describe-vpc-endpoints --vpc-endpoint-ids ${VPCE}`, 'aws ec2 describe-vpc-endpoints'],
    },
  },
  'vpce-one-zone': {
    'vpce.subnets-azs': {
      resource: VPCE,
      summary: [VPCE, 'one availability zone'],
      fix: [
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --add-subnet-ids SUBNET_ID`,
        `Values=${VPC}`,
        'aws ec2 modify-vpc-endpoint',
        'aws ec2 describe-subnets',
      ],
    },
  },
  'domain-no-policy': {
    'domain.policy-allows': {
      resource: DOMAIN,
      summary: [DOMAIN, 'no policy'],
      fix: [
        `update-domain-name --domain-name ${DOMAIN}`,
        '"path":"/policy"',
        'aws apigateway update-domain-name',
      ],
    },
  },
  'domain-name-not-in-private-zone': {
    'dns.private-resolution': {
      resource: DOMAIN,
      summary: [DOMAIN, 'NXDOMAIN'],
      fix: [
        'change-resource-record-sets',
        `"Name":"${DOMAIN}"`,
        VPCE,
        'HOSTED_ZONE_ID:',
        '"Type":"CNAME"',
        `"Value":"${VPCE}-abcd1234.execute-api.us-east-1.vpce.amazonaws.com"`,
        'a private hosted zone for internal.example.com',
        '--dns-name internal.example.com',
        'aws route53 change-resource-record-sets',
        'aws route53 list-hosted-zones-by-name',
      ],
    },
  },
  // ---- hybrid and cross-VPC callers (scenario-defs-hybrid.ts) ----
  'hybrid-onprem-no-inbound-endpoint': {
    'dns.resolver-inbound': {
      resource: VPC,
      summary: [VPC, 'inbound endpoint', 'execute-api.us-east-1.amazonaws.com'],
      fix: [
        'create-resolver-endpoint',
        '--direction INBOUND',
        `SubnetId=${SUBNET_EP_A}`,
        `pvapi-inbound-${VPC}`,
        ONPREM_CIDR,
        'RESOLVER_SG_ID:',
      ],
    },
  },
  'hybrid-onprem-inbound-not-operational': {
    'dns.resolver-inbound': {
      resource: INBOUND,
      summary: [INBOUND, 'ACTION_NEEDED'],
      fix: ['create-resolver-endpoint', '--direction INBOUND'],
      evidence: [INBOUND, INBOUND_IPS[0]!],
    },
  },
  'hybrid-onprem-forward-rule-shadows': {
    'dns.hybrid-forwarding': {
      resource: RULE,
      summary: [RULE, 'FORWARD amazonaws.com', '192.168.10.53', VPC],
      fix: [
        '--rule-type SYSTEM --domain-name execute-api.us-east-1.amazonaws.com',
        `associate-resolver-rule --resolver-rule-id SYSTEM_RULE_ID --vpc-id ${VPC}`,
        'SYSTEM_RULE_ID:',
      ],
    },
  },
  'hybrid-onprem-zone-without-record': {
    'dns.hybrid-forwarding': {
      resource: ZONE,
      summary: [ZONE, 'NXDOMAIN', HOST, VPC],
      fix: [`--hosted-zone-id ${ZONE}`, `"Name":"${HOST}"`, `${VPCE}-abcd1234.execute-api`],
    },
  },
  'hybrid-onprem-no-return-route': {
    'route.hybrid-return': {
      resource: 'rtb-00000000000000001',
      summary: ['rtb-00000000000000001', SUBNET_EP_A, 'no route back', VPCE],
      fix: [
        `--route-table-id rtb-00000000000000001 --destination-cidr-block ${ONPREM_CIDR} --transit-gateway-id ${TGW}`,
      ],
    },
  },
  'hybrid-onprem-return-over-peering': {
    'route.hybrid-return': {
      resource: 'rtb-00000000000000001',
      summary: [PCX, 'on premises', 'transitive'],
      fix: [`--destination-cidr-block ${ONPREM_CIDR} --transit-gateway-id ${TGW}`, 'replace-route'],
    },
  },
  'hybrid-onprem-custom-domain-no-zone': {
    'dns.hybrid-forwarding': {
      resource: VPC,
      summary: [DOMAIN, VPC, 'inbound endpoint'],
      fix: [
        `associate-vpc-with-hosted-zone --hosted-zone-id HOSTED_ZONE_ID --vpc VPCRegion=us-east-1,VPCId=${VPC}`,
        'HOSTED_ZONE_ID:',
      ],
    },
  },
  'hybrid-vpc-tgw-referencing-off': {
    'sg.cross-vpc-reference': {
      resource: SG_ENDPOINT,
      summary: [SG_ENDPOINT, 'sgr-00000000000000021', TGW, 'disable'],
      fix: [
        `authorize-security-group-ingress --group-id ${SG_ENDPOINT}`,
        'CidrIp=10.1.1.0/24',
        'SecurityGroupReferencingSupport',
      ],
      evidence: [`${TGW}: SecurityGroupReferencingSupport disable`],
    },
  },
  'hybrid-vpc-tgw-egress-reference': {
    'sg.cross-vpc-reference': {
      resource: SG_CALLER,
      summary: [SG_CALLER, 'sgr-00000000000000011', 'outbound', TGW],
      fix: [
        `authorize-security-group-egress --group-id ${SG_CALLER}`,
        'CidrIp=10.0.2.0/24',
        'CidrIp=10.0.3.0/24',
      ],
    },
  },
  'hybrid-vpc-no-forwarding': {
    'dns.hybrid-forwarding': {
      resource: VPC_OTHER,
      summary: [VPC_OTHER, HOST, 'public addresses', VPCE, VPC],
      fix: [
        '--direction OUTBOUND',
        `--rule-type FORWARD --domain-name execute-api.us-east-1.amazonaws.com`,
        `--target-ips Ip=${INBOUND_IPS[0]} Ip=${INBOUND_IPS[1]}`,
        `--vpc-id ${VPC_OTHER}`,
        'OUTBOUND_SG_ID:',
        'OUTBOUND_ENDPOINT_ID:',
        'FORWARD_RULE_ID:',
        'SUBNET_ID_1:',
      ],
    },
  },
  'hybrid-vpc-forward-elsewhere': {
    'dns.hybrid-forwarding': {
      resource: RULE,
      summary: [VPC_OTHER, RULE, '10.9.0.53', INBOUND_IPS[0]!],
      fix: [`update-resolver-rule --resolver-rule-id ${RULE}`, `{"Ip":"${INBOUND_IPS[0]}","Port":53}`],
    },
  },
  'hybrid-vpc-no-route-to-endpoint': {
    'route.hybrid-return': {
      resource: RTB_OTHER,
      summary: [RTB_OTHER, 'subnet-00000000000000004', 'endpoint ENI'],
      fix: [`--route-table-id ${RTB_OTHER} --destination-cidr-block 10.0.0.0/16 --transit-gateway-id ${TGW}`],
    },
  },
  'hybrid-vpc-peering-cross-region': {
    'sg.cross-vpc-reference': {
      resource: SG_ENDPOINT,
      summary: [PCX, 'us-west-2', 'sgr-00000000000000021'],
      fix: [`authorize-security-group-ingress --group-id ${SG_ENDPOINT}`, 'CidrIp=10.1.1.0/24'],
    },
  },
  'hybrid-vpc-peering-inactive': {
    'route.hybrid-return': {
      resource: 'rtb-00000000000000001',
      summary: [PCX, 'pending-acceptance'],
      fix: [`accept-vpc-peering-connection --vpc-peering-connection-id ${PCX}`],
    },
  },
  // the front-door caller (scenario-defs-frontdoor.ts)
  'frontdoor-nlb-name-as-host': {
    'frontdoor.integration-routing': {
      resource: `${FRONT_API} integration`,
      summary: [NLB_DNS, 'x-apigw-api-id', '403'],
      fix: [
        `update-integration --rest-api-id ${FRONT_API} --resource-id ${FRONT_RESOURCE} --http-method GET`,
        '/requestParameters/integration.request.header.x-apigw-api-id',
        `create-deployment --rest-api-id ${FRONT_API} --stage-name live`,
        '# PRIVATE_API_ID: ',
      ],
    },
    'frontdoor.tls-name': {
      resource: `${FRONT_API} integration`,
      summary: [NLB_DNS, 'certificate'],
      fix: ['"path":"/uri"', 'https://PRIVATE_API_ID.execute-api.us-east-1.amazonaws.com/prod/{proxy}'],
      evidence: ['*.execute-api.us-east-1.amazonaws.com'],
    },
  },
  'frontdoor-nlb-name-with-api-id-header': {
    'frontdoor.tls-name': {
      resource: `${FRONT_API} integration`,
      summary: [NLB_DNS, 'insecureSkipVerification does not help'],
      fix: [
        `update-integration --rest-api-id ${FRONT_API}`,
        `"value":"https://${API}.execute-api.us-east-1.amazonaws.com/prod/{proxy}"`,
      ],
      evidence: ['insecureSkipVerification: true'],
    },
  },
  'frontdoor-insecure-skip-verification': {
    'frontdoor.tls-name': {
      resource: `${FRONT_API} integration`,
      summary: ['insecureSkipVerification'],
      fix: [
        '"path":"/tlsConfig/insecureSkipVerification","value":"false"',
        `create-deployment --rest-api-id ${FRONT_API}`,
      ],
    },
  },
  'frontdoor-private-method-aws-iam': {
    'frontdoor.signing': {
      resource: `${API} GET /items`,
      summary: ['AWS_IAM', 'Missing Authentication Token'],
      fix: [
        `update-method --rest-api-id ${API} --resource-id res0000001 --http-method GET`,
        '"path":"/authorizationType","value":"NONE"',
        `create-deployment --rest-api-id ${API} --stage-name prod`,
        'Lambda integration that signs',
      ],
    },
  },
  'frontdoor-vpc-link-failed': {
    'frontdoor.vpc-link-available': {
      resource: VPC_LINK,
      summary: [VPC_LINK, 'FAILED'],
      fix: [
        `create-vpc-link --name front-door-2 --target-arns ${NLB_ARN}`,
        '"path":"/connectionId"',
        '# VPC_LINK_ID: ',
      ],
    },
  },
  'frontdoor-vpc-link-pending': {
    'frontdoor.vpc-link-available': {
      resource: VPC_LINK,
      summary: [VPC_LINK, 'PENDING'],
      fix: [`get-vpc-link --vpc-link-id ${VPC_LINK}`],
    },
  },
  'frontdoor-targets-wrong-addresses': {
    'frontdoor.nlb-targets': {
      resource: TG_ARN,
      summary: ['10.0.2.10', '10.0.3.10', '10.0.2.99:443', '10.0.3.10:80', VPCE],
      fix: [
        `register-targets --target-group-arn ${TG_ARN} --targets Id=10.0.2.10,Port=443 Id=10.0.3.10,Port=443`,
        `deregister-targets --target-group-arn ${TG_ARN} --targets Id=10.0.2.99,Port=443 Id=10.0.3.10,Port=80`,
      ],
    },
  },
  'frontdoor-zone-unhealthy-no-cross-zone': {
    'frontdoor.nlb-targets': {
      resource: TG_ARN,
      summary: ['10.0.3.10', 'us-east-1b', 'cross-zone'],
      fix: [
        `modify-load-balancer-attributes --load-balancer-arn ${NLB_ARN} --attributes Key=load_balancing.cross_zone.enabled,Value=true`,
      ],
      evidence: ['cross-zone load balancing: off'],
    },
  },
  'frontdoor-zone-unhealthy-cross-zone-on': {
    'frontdoor.nlb-targets': {
      resource: TG_ARN,
      summary: ['10.0.3.10', 'unhealthy'],
      fix: [`describe-target-health --target-group-arn ${TG_ARN}`],
      evidence: ['cross-zone load balancing: on'],
    },
  },
  'frontdoor-http-health-check': {
    'frontdoor.nlb-targets': {
      resource: TG_ARN,
      summary: ['HTTPS health check'],
      fix: [
        `modify-target-group --target-group-arn ${TG_ARN} --health-check-protocol TCP --health-check-port traffic-port`,
      ],
      evidence: [`listener TCP:443 → front-door-enis`],
    },
  },
  'frontdoor-endpoint-sg-no-nlb': {
    'frontdoor.nlb-security-groups': {
      resource: SG_ENDPOINT,
      summary: [VPCE, SG_ENDPOINT, SG_CALLER],
      fix: [
        `authorize-security-group-ingress --group-id ${SG_ENDPOINT}`,
        `UserIdGroupPairs=[{GroupId=${SG_CALLER}`,
      ],
    },
  },
  'frontdoor-nlb-without-sg-subnets-not-admitted': {
    'frontdoor.nlb-security-groups': {
      resource: SG_ENDPOINT,
      summary: ['10.0.2.0/24', '10.0.3.0/24', 'no security groups'],
      fix: [
        `authorize-security-group-ingress --group-id ${SG_ENDPOINT} --region us-east-1 --protocol tcp --port 443 --cidr 10.0.2.0/24`,
        '--cidr 10.0.3.0/24',
      ],
    },
  },
  'frontdoor-resource-policy-other-endpoint': {
    'apigw.resource-policy-allows': {
      resource: `${API} resource policy Statement[0] (AllowFrontDoorEndpoint)`,
      summary: [VPCE, VPCE_OTHER],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        `[\\"${VPCE_OTHER}\\",\\"${VPCE}\\"]`,
        'create-deployment',
      ],
      statement: { index: 0, sid: 'AllowFrontDoorEndpoint' },
    },
  },
  'frontdoor-reaches-another-api': {
    'frontdoor.integration-routing': {
      resource: `${FRONT_API} integration`,
      summary: [API, 'z9y8x7w6v5'],
      fix: [`update-integration --rest-api-id ${FRONT_API}`, `"value":"'\\''z9y8x7w6v5'\\''"`],
    },
  },
  'frontdoor-http-uri': {
    'frontdoor.tls-name': {
      resource: `${FRONT_API} integration`,
      summary: ['http://', 'HTTPS'],
      fix: [`"value":"https://${API}.execute-api.us-east-1.amazonaws.com/prod/{proxy}"`],
    },
  },
  'frontdoor-no-listener-on-443': {
    'frontdoor.nlb-targets': {
      resource: NLB_ARN,
      summary: ['port 443', 'refused'],
      fix: [
        `create-listener --load-balancer-arn ${NLB_ARN} --protocol TCP --port 443`,
        `TargetGroupArn=${TG_ARN}`,
      ],
      evidence: ['TCP:8443'],
    },
  },
  // Response streaming (scenario-defs-stream.ts)
  'stream-lambda-permission-other-api': {
    'handler.integration': { resource: FUNCTION_ARN, summary: [FUNCTION_ARN, API], fix: [FUNCTION_ARN] },
  },
  'stream-lambda-buffered-uri': {
    'handler.response-streaming': {
      resource: 'res0000001',
      summary: ['STREAM', FUNCTION_ARN, 'response-streaming-invocations'],
      fix: [
        `update-integration --rest-api-id ${API} --resource-id res0000001`,
        '/2021-11-15/functions/',
        'create-deployment',
      ],
    },
  },
  'stream-uri-on-buffered-integration': {
    'handler.response-streaming': {
      resource: 'res0000001',
      summary: ['BUFFERED', FUNCTION_ARN],
      fix: [`--resource-id res0000001`, '"path":"/responseTransferMode","value":"STREAM"'],
    },
  },
  'stream-not-a-proxy-integration': {
    'handler.response-streaming': {
      resource: 'res0000001',
      summary: ['HTTP_PROXY and AWS_PROXY', 'HTTP'],
      fix: [`--resource-id res0000001`, '"path":"/responseTransferMode","value":"BUFFERED"'],
    },
  },
  'stream-probe-cut-by-timeout': {
    'handler.response-streaming': {
      resource: 'res0000001',
      summary: ['--probe-timeout (5 s)', '5 min without a byte'],
      fix: ['# no AWS API change', `pvapi call ${'https://' + HOST}/prod/items`],
      evidence: ['timed out after 5000 ms'],
    },
    'probe.handler': { summary: ['timeout'] },
  },
  // ---- AWS 2025-2026 (scenario-defs-aws2026.ts) ----
  'aws26-strict-endpoint-name': {
    'apigw.endpoint-access-mode': {
      resource: API,
      summary: [API, 'STRICT', `${VPCE}-abcd1234.execute-api.us-east-1.vpce.amazonaws.com`],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        '"path":"/endpointAccessMode","value":"BASIC"',
        `https://${HOST}/prod/items`,
      ],
      evidence: ['endpointAccessMode=STRICT', `x-apigw-api-id: ${API}`],
    },
  },
  'aws26-strict-domain-through-endpoint-name': {
    'apigw.endpoint-access-mode': {
      resource: DOMAIN,
      summary: [DOMAIN, 'STRICT'],
      fix: [
        `update-domain-name --domain-name ${DOMAIN} --domain-name-id abcd1234`,
        '"path":"/endpointAccessMode","value":"BASIC"',
        `https://${DOMAIN}/orders/items`,
      ],
      evidence: ['GetDomainName', `Host: ${DOMAIN}`],
    },
  },
  'aws26-tls13-only-client-unknown': {
    'apigw.tls-policy': {
      resource: API,
      summary: [API, 'SecurityPolicy_TLS13_1_3_2025_09', 'TLS 1.2'],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        '"path":"/securityPolicy","value":"SecurityPolicy_TLS13_1_2_2021_06"',
      ],
    },
  },
  'aws26-vpce-org-id-other-org-denies': {
    'vpce.policy-allows': {
      resource: `${VPCE} endpoint policy Statement[0] (OnlyPartnerOrgEndpoints)`,
      summary: ['aws:VpceOrgID', 'o-exampleorg1'],
      fix: [`modify-vpc-endpoint --vpc-endpoint-id ${VPCE}`],
    },
    'vpce.owner-keys': {
      resource: `VPC endpoint policy ${VPCE} Statement[0] (OnlyPartnerOrgEndpoints)`,
      summary: ['aws:VpceOrgID', 'o-exampleorg1', 'o-partnerorg2'],
      fix: [`modify-vpc-endpoint --vpc-endpoint-id ${VPCE}`],
      evidence: ['aws:VpceOrgID = o-exampleorg1 (the organization of 111111111111'],
      statement: { index: 0, sid: 'OnlyPartnerOrgEndpoints' },
    },
  },
  'aws26-bpa-private-dns-off-times-out': {
    'dns.private-dns-enabled': {
      resource: VPCE,
      summary: [VPCE, 'VPC Block Public Access', 'timeout'],
      fix: [`modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --private-dns-enabled`],
    },
    'dns.private-resolution': {
      resource: HOST,
      summary: ['3.5.10.20', 'VPC Block Public Access'],
      fix: [`modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --private-dns-enabled`],
    },
    'vpc.block-public-access': {
      resource: VPCE,
      summary: [HOST, '3.5.10.20', 'times out'],
      fix: [`modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --private-dns-enabled`, `--vpce ${VPCE}`],
      evidence: ['block-bidirectional', `${SUBNET_CALLER}`, 'nat-00000000000000001'],
    },
  },
  'aws26-bpa-excluded-vpc': {
    'route.no-internet': {
      resource: 'rtb-00000000000000001',
      summary: ['igw-00000000000000001'],
      fix: ['delete-route --route-table-id rtb-00000000000000001'],
    },
  },
  'aws26-shared-vpc-endpoint-unseen': {
    'vpc.shared-owner': {
      resource: VPC,
      summary: [VPC, '333333333333', '111111111111'],
      fix: [`Name=vpc-id,Values=${VPC}`, 'describe-vpc-endpoints', '333333333333'],
      evidence: [`${SUBNET_CALLER} owner: 333333333333`],
    },
  },
  'aws26-endpoint-other-region': {
    'vpce.same-region': {
      resource: VPCE,
      summary: ['us-west-2', 'us-east-1'],
      fix: [
        'create-vpc-endpoint',
        '--service-name com.amazonaws.us-east-1.execute-api',
        '--region us-east-1',
        '# VPC_ID: ',
      ],
    },
  },
  'aws26-domain-routing-rule-only': {
    'domain.routing-mode': {
      resource: DOMAIN,
      summary: [DOMAIN, 'ROUTING_RULE_ONLY', 'orders'],
      fix: [
        `update-domain-name --domain-name ${DOMAIN} --domain-name-id abcd1234`,
        '"path":"/routingMode","value":"ROUTING_RULE_THEN_BASE_PATH_MAPPING"',
      ],
    },
  },
  'aws26-tls13-only-client-tls12': {
    'apigw.tls-policy': {
      resource: API,
      summary: [API, 'SecurityPolicy_TLS13_1_3_FIPS_2025_09', '--client-tls 1.2'],
      fix: [`update-rest-api --rest-api-id ${API}`, '"path":"/securityPolicy"'],
      evidence: ['client: TLS 1.2 at most'],
    },
  },
  // dual-stack (IPv6) scenarios: test/doctor/scenario-defs-ipv6.ts
  'ipv6-lambda-ipv4-only-aaaa-records': {
    'dns.address-family': {
      resource: VPCE,
      summary: [HOST, 'only AAAA', 'Ipv6AllowedForDualStack off'],
      fix: [
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE}`,
        'DnsRecordIpType=dualstack',
        'Ipv6AllowedForDualStack in the VpcConfig of orders-worker',
      ],
    },
  },
  'ipv6-only-caller-sg-ipv4-rules': {
    'sg.caller-egress-443': {
      resource: SG_CALLER,
      summary: [SG_CALLER, VPCE, 'over IPv6'],
      fix: [`authorize-security-group-egress --group-id ${SG_CALLER}`, `GroupId=${SG_ENDPOINT}`],
    },
    'sg.endpoint-ingress-443': {
      resource: SG_ENDPOINT,
      summary: [SG_ENDPOINT, 'over IPv6', '2600:1f18:aaaa:bb01::15'],
      fix: [`authorize-security-group-ingress --group-id ${SG_ENDPOINT}`, `GroupId=${SG_CALLER}`],
      evidence: ['IPv4-only, does not apply to IPv6 traffic', 'address family: IPv6'],
    },
  },
  'ipv6-dual-caller-sg-falls-back': {
    'sg.endpoint-ingress-443': {
      resource: SG_ENDPOINT,
      summary: [SG_ENDPOINT, 'over IPv6', 'fall back'],
      fix: [`authorize-security-group-ingress --group-id ${SG_ENDPOINT}`, `GroupId=${SG_CALLER}`],
    },
  },
  'ipv6-caller-nacl-ipv4-entries-only': {
    'nacl.caller-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, SUBNET_CALLER, '2600:1f18:aaaa:bb02::10'],
      fix: [
        `create-network-acl-entry --network-acl-id ${NACL_STRICT}`,
        '--ipv6-cidr-block 2600:1f18:aaaa:bb02::10/128',
        '--egress --rule-number 110',
      ],
    },
  },
  'ipv6-dual-caller-endpoint-nacl-falls-back': {
    'nacl.endpoint-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, 'IPv6', 'fall back'],
      fix: [
        `create-network-acl-entry --network-acl-id ${NACL_STRICT}`,
        '--ingress',
        '--ipv6-cidr-block 2600:1f18:aaaa:bb01::15/128',
      ],
    },
  },
  'ipv6-caller-in-peered-vpc-no-ipv6-route': {
    'route.ipv6-endpoint': {
      resource: 'rtb-00000000000000002',
      summary: ['subnet-00000000000000004', '2600:1f18:aaaa:bb02::10'],
      fix: [
        'create-route --route-table-id rtb-00000000000000002',
        '--destination-ipv6-cidr-block 2600:1f18:aaaa:bb02::/64',
        '--vpc-peering-connection-id PCX_ID',
        'PCX_ID:',
      ],
    },
    'dns.caller-vpc': {
      resource: VPCE,
      summary: [VPC_OTHER, VPCE],
      fix: ['describe-route-tables --filters Name=vpc-id,Values=vpc-00000000000000002'],
    },
  },
  'ipv6-caller-vpcsourceip-ipv4-only': {
    'apigw.resource-policy-allows': {
      summary: ['aws:VpcSourceIp', '2600:1f18:aaaa:bb01::15'],
      statement: { index: 2, sid: 'DenyOutsideVpcRange' },
    },
    'apigw.resource-policy-ip-family': {
      resource: API,
      summary: ['Statement[2] (DenyOutsideVpcRange)', 'aws:VpcSourceIp', 'IPv6'],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        '\\"10.0.0.0/16\\",\\"2600:1f18:aaaa:bb01::15/128\\"',
        `create-deployment --rest-api-id ${API} --stage-name prod`,
      ],
      statement: { index: 2, sid: 'DenyOutsideVpcRange' },
    },
  },
  'ipv6-aaaa-answer-not-an-eni': {
    'dns.private-resolution': {
      resource: HOST,
      summary: [HOST, '2600:1f18:ffff::1', `${VPCE} has no IPv6 address (IpAddressType ipv4)`],
      fix: [`describe-vpcs --vpc-ids ${VPC}`],
    },
  },
  'ipv6-default-route-egress-only-gateway': {
    'route.no-internet': {
      summary: ['::/0', 'eigw-00000000000000001'],
      fix: ['delete-route --route-table-id rtb-00000000000000001 --destination-ipv6-cidr-block ::/0'],
    },
  },
}
