import { describe, expect, it } from 'vitest';
import { credentialSign, looksRandom, nameWords } from '../../src/manifest/credential-detector';

/**
 * Made-up key material, built when the test runs so that no string in this file has the shape of a
 * real credential (secret scanners would rightly stop a push of one): `length` letters and digits
 * from a fixed sequence, the same on every run.
 */
function fakeKey(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', seed = 7): string {
  let state = seed;
  let text = '';
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[Math.floor(state / 65536) % alphabet.length];
  }
  return text;
}

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const joined = (...parts: string[]) => parts.join('');
const pem = (kind: string) => joined('-----BEGIN ', kind, 'PRIVATE KEY-----\n', fakeKey(64), '\n-----END ', kind, 'PRIVATE KEY-----');
const jwt = joined('eyJ', fakeKey(20, undefined, 1), '.eyJ', fakeKey(40, undefined, 2), '.', fakeKey(43, undefined, 3));

/** [variable, value, what the reason says] for values that must be taken for credentials. */
const CREDENTIALS: readonly (readonly [string, string, RegExp])[] = [
  // By the value's shape, whatever the name.
  ['STRIPE_SECRET_KEY', joined('sk_', 'live_', fakeKey(24)), /^the value looks like a Stripe live secret key$/],
  ['PAYMENTS', joined('sk_', 'test_', fakeKey(24)), /a Stripe test secret key/],
  ['STRIPE_RESTRICTED', joined('rk_', 'live_', fakeKey(24)), /a Stripe live secret key/],
  ['STRIPE_WEBHOOK', joined('whsec_', fakeKey(32)), /a Stripe webhook signing secret/],
  ['AWS_ACCESS_KEY_ID', joined('AKIA', fakeKey(16, UPPER_DIGITS)), /an AWS access key ID/],
  ['SESSION', joined('ASIA', fakeKey(16, UPPER_DIGITS)), /an AWS access key ID/],
  ['GITHUB', joined('ghp_', fakeKey(36)), /a GitHub token/],
  ['GH_APP', joined('ghs_', fakeKey(36)), /a GitHub token/],
  ['GH_FINE', joined('github_pat_', fakeKey(22), '_', fakeKey(59)), /a GitHub fine-grained token/],
  ['GITLAB', joined('glpat-', fakeKey(20)), /a GitLab token/],
  ['SLACK_BOT', joined('xoxb-', fakeKey(12, '0123456789'), '-', fakeKey(24)), /a Slack token/],
  ['SLACK_APP', joined('xoxa-', fakeKey(30)), /a Slack token/],
  ['SLACK_USER', joined('xoxp-', fakeKey(30)), /a Slack token/],
  ['MAPS', joined('AIza', fakeKey(35)), /a Google API key/],
  ['NPM_CONFIG', joined('npm_', fakeKey(36)), /an npm token/],
  ['MAIL', joined('SG.', fakeKey(22), '.', fakeKey(43)), /a SendGrid API key/],
  ['TLS', pem('RSA '), /^the value looks like a private key$/],
  ['SSH', pem('OPENSSH '), /a private key/],
  ['CERT_BUNDLE', pem(''), /a private key/],
  ['ID_TOKEN_SAMPLE', jwt, /a JSON Web Token/],
  ['AUTH_HEADER', `Bearer ${jwt}`, /a JSON Web Token/],
  ['DATABASE_URL', 'postgres://shop:n0t-a-real-one@db.internal:5432/shop', /^the value is a URL with a password in it$/],
  ['REDIS_URL', 'redis://:hunter2@cache.internal:6379', /a URL with a password/],
  ['TOKEN_URL', 'https://app:pa55@auth.example.com/token', /a URL with a password/],
  ['SETTING', fakeKey(32, undefined, 11), /^the value looks like a random key/],
  ['BLOB', Buffer.from(fakeKey(30, undefined, 5)).toString('base64'), /a random key/],
  // By the name, when the value could be one.
  ['DB_PASSWORD', 'hunter2', /^the name DB_PASSWORD says it holds a password$/],
  ['PASSWORD', 'P@ssw0rd!', /a password/],
  ['ADMINPASSWORD', 'x9-y8-z7', /a password/],
  ['dbPassword', 'letmein42', /a password/],
  ['SMTP_PASS', 'mail-pass-2024', /a password/],
  ['JWT_SECRET', 'a1b2c3', /^the name JWT_SECRET says it holds a secret$/],
  ['CLIENT_SECRET', 'Zx81-spectrum', /a secret/],
  ['DJANGO_SECRET_KEY', 'django-insecure-a8#k2', /a secret/],
  ['SECRET_KEY_BASE', fakeKey(64, HEX), /a secret/],
  ['APP_SECRETS', '{"signing":"x1y2"}', /a secret/],
  ['AUTH_TOKEN', 'abc123', /a token/],
  ['REFRESH_TOKEN', '1//0g-abc', /a token/],
  ['accessToken', 'at-7781', /a token/],
  ['PARTNER_API_KEY', '12345-abcde', /an API key/],
  ['OPENAI_APIKEY', 'proj-abc-123', /an API key/],
  ['apiKey', 'k-123', /an API key/],
  ['PRIVATE_KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEF', /a key/],
  ['SIGNING_KEY', fakeKey(64, HEX), /a key/],
  ['ENCRYPTION_KEY', fakeKey(32, HEX), /a key/],
  ['ACCESS_KEY', 'AK-1234', /an access key/],
  ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', /a secret/],
  ['GOOGLE_CREDENTIALS', '{"type":"service_account","private_key_id":"k1"}', /a credential/],
];

/** [variable, value] pairs that must not be taken for credentials. */
const NOT_CREDENTIALS: readonly (readonly [string, string])[] = [
  // Names that describe a credential rather than hold it.
  ['TOKEN_URL', 'https://auth.example.com/oauth/token'],
  ['PASSWORD_MIN_LENGTH', '12'],
  ['SECRET_NAME', 'prod/payments-api'],
  ['DB_PASSWORD_ARN', 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:db-AbCdEf'],
  ['API_KEY_HEADER', 'X-Api-Key'],
  ['CSRF_TOKEN_HEADER', 'X-CSRF-Token'],
  ['TOKEN_TTL', '3600s'],
  ['SESSION_SECRET_ROTATION', 'weekly-on-sunday'],
  ['DB_PASSWORD_FILE', '/run/secrets/db_password'],
  ['SECRETS_MANAGER_ENDPOINT', 'https://secretsmanager.eu-west-2.amazonaws.com'],
  ['AWS_ACCESS_KEY_ID', 'not-set-here'],
  // Values that cannot hold one, whatever the name.
  ['DB_PASSWORD', ''],
  ['DB_PASSWORD', '   '],
  ['DB_PASSWORD', '${DB_PASSWORD}'],
  ['JWT_SECRET', '$JWT_SECRET'],
  ['JWT_SECRET', '{{resolve:secretsmanager:jwt}}'],
  ['FEATURE_TOKEN', 'true'],
  ['PASSWORD_RESET', 'disabled'],
  ['AUTH_TOKEN', 'none'],
  ['PASSWORD_POLICY', 'strict'],
  ['API_KEY', '4096'],
  ['AUTH_TOKEN_TYPE', 'bearer'],
  ['TOKEN_STRATEGY', 'read-only'],
  ['DATABASE_URL', 'postgres://db.internal:5432/shop'],
  ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db.internal:5432/shop'],
  ['SENTRY_DSN', 'https://public7@o1.ingest.sentry.io/42'],
  ['GIT_REMOTE', 'ssh://git@github.com/shop-co/web.git'],
  // Ordinary settings, however long.
  ['NODE_ENV', 'production'],
  ['LOG_LEVEL', 'debug'],
  ['MAX_TOKENS', '4096'],
  ['TOKENIZER_MODEL', 'cl100k_base'],
  ['VERSION', '1.2.3'],
  ['IMAGE', 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1'],
  ['SCHEDULE', '0 2 * * *'],
  ['WELCOME', 'Welcome to the shop, enjoy your visit'],
  ['FEATURES', '{"checkout":"v2","search":"beta"}'],
  ['ALLOWED_ORIGINS', 'https://shop.example,https://admin.shop.example'],
  ['REQUEST_ID', '123e4567-e89b-42d3-a456-426614174000'],
  ['GIT_COMMIT', fakeKey(40, HEX)],
  ['TENANT_ID', fakeKey(32, undefined, 13)],
  ['STRIPE_PUBLISHABLE_KEY', joined('pk_', 'live_', fakeKey(40))],
  ['NEXT_PUBLIC_MAPS', fakeKey(36, undefined, 17)],
  ['HANDLER_CLASS', 'MyApplicationServiceConfiguration2024'],
  ['BUILD_LABEL', 'ENV_2024_Q1_Release_Candidate_Build_77'],
  ['POLYFILL', 'XMLHttpRequestPolyfillBundle2024Final'],
  ['UPPER_KEY_LIKE', fakeKey(40, UPPER_DIGITS)],
];

describe('credentialSign', () => {
  it.each(CREDENTIALS)('takes %s for a credential', (name, value, reason) => {
    expect(credentialSign(name, value)?.reason).toMatch(reason);
  });

  it.each(NOT_CREDENTIALS)('does not take %s=%j for a credential', (name, value) => {
    expect(credentialSign(name, value)).toBeUndefined();
  });

  it('says whether the value or the name gave it away', () => {
    expect(credentialSign('NOTE', joined('sk_', 'live_', fakeKey(24)))?.by).toBe('value');
    expect(credentialSign('DB_PASSWORD', 'hunter2')?.by).toBe('name');
  });

  it('never repeats the value in its reason', () => {
    for (const [name, value] of CREDENTIALS) {
      expect(credentialSign(name, value)?.reason).not.toContain(value);
    }
  });

  it('covers at least 40 credentials and 40 harmless values', () => {
    expect(CREDENTIALS.length).toBeGreaterThanOrEqual(40);
    expect(NOT_CREDENTIALS.length).toBeGreaterThanOrEqual(40);
  });
});

describe('nameWords', () => {
  it.each([
    ['DB_PASSWORD', ['DB', 'PASSWORD']],
    ['dbPassword', ['DB', 'PASSWORD']],
    ['api-key', ['API', 'KEY']],
    ['OAuth2Token', ['OAUTH2', 'TOKEN']],
  ])('splits %s into its words', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('looksRandom', () => {
  it('takes nearly every random base62 and base64 string of 32 characters or more for random', () => {
    const samples = Array.from({ length: 200 }, (_, index) => fakeKey(32 + (index % 20), undefined, 1000 + index));
    expect(samples.filter(looksRandom).length).toBeGreaterThanOrEqual(190);
  });

  it('does not take words in CamelCase or snake_case, short strings or one-case strings for random', () => {
    for (const value of ['ThisIsAVeryLongCamelCaseIdentifier1', 'Production2024EuropeWest2Cluster01', 'v1_2_3_release_candidate_Build2024', fakeKey(31), fakeKey(40, HEX)]) {
      expect(looksRandom(value), value).toBe(false);
    }
  });
});
