/**
 * Whether a plain environment variable looks like it holds a credential: by the shape of its value
 * (a known key or token format, a private key, a URL with a password, a long random string), or by
 * its name (PASSWORD, *_SECRET, *_TOKEN, API_KEY, …) when the value could be one. Pure, and
 * independent of the manifest, so it is tested as a table (credential-detector.test.ts).
 */

export interface CredentialSign {
  /** What gives it away, as a clause for a message; never the value itself, which must not reach a log. */
  readonly reason: string;
  /** What gave it away: a message points at the value or at the variable's name. */
  readonly by: 'value' | 'name';
}

/** Formats of well-known credentials, found anywhere in the value (a token may follow `Bearer `). */
const KNOWN_FORMATS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\b[sr]k_live_[0-9A-Za-z]{10,}/, what: 'a Stripe live secret key' },
  { pattern: /\b[sr]k_test_[0-9A-Za-z]{10,}/, what: 'a Stripe test secret key' },
  { pattern: /\bwhsec_[0-9A-Za-z]{20,}/, what: 'a Stripe webhook signing secret' },
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, what: 'an AWS access key ID' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/, what: 'a GitHub token' },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/, what: 'a GitHub fine-grained token' },
  { pattern: /\bglpat-[A-Za-z0-9_-]{20,}/, what: 'a GitLab token' },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/, what: 'a Slack token' },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}/, what: 'a Google API key' },
  { pattern: /\bnpm_[A-Za-z0-9]{36}\b/, what: 'an npm token' },
  { pattern: /\bSG\.[\w-]{16,}\.[\w-]{16,}/, what: 'a SendGrid API key' },
  { pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, what: 'a private key' },
  // A JWT: base64url header (`{"` encodes as eyJ), payload and signature.
  { pattern: /\beyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/, what: 'a JSON Web Token' },
];

/** `scheme://user:password@host`: the password is the credential (the user alone is not one). */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:([^\s/@]+)@/i;

/** A value that names another value instead of holding it: `${DB_PASSWORD}`, `$TOKEN`, `{{resolve:…}}`, `$(cat …)`. */
const REFERENCE = /^(?:\$\{[^}]+\}|\$[A-Za-z_]\w*|\{\{.+\}\}|\$\(.+\))$/;

/** Values that cannot be a credential whatever the variable is called. */
const HARMLESS_VALUES: readonly RegExp[] = [
  /^\s*$/,
  /^(?:true|false|yes|no|on|off|enabled|disabled|none|null)$/i,
  /^[+-]?\d+(?:\.\d+)?$/,
  REFERENCE,
  /^[a-z][a-z0-9+.-]*:\/\/\S+$/i, // a URL (one with a password was caught before)
  /^arn:aws[a-z-]*:/, // the ARN of a secret is where it is, not the secret
  /^\/[\w./-]*$/, // a file path, e.g. a mounted secret file
  /^(?=.{1,12}$)[A-Za-z]+(?:[-_][A-Za-z]+)*$/, // a short word: strict, bearer, read-only
];

/**
 * Phrases of a name that make it a credential's, matched on its words joined as `_DB_PASSWORD_`,
 * with what the message calls it.
 */
const SECRET_PHRASES: readonly { readonly pattern: RegExp; readonly noun: string }[] = [
  { pattern: /_[A-Z0-9]*(?:PASSWORD|PASSWD|PASSPHRASE)[A-Z0-9]*_|_PASS_/, noun: 'a password' },
  { pattern: /_[A-Z0-9]*SECRETS?_/, noun: 'a secret' },
  { pattern: /_(?:PRIVATE|SIGNING|ENCRYPTION|MASTER|HMAC|SESSION)_?KEY_/, noun: 'a key' },
  { pattern: /_[A-Z0-9]*API_?KEY_/, noun: 'an API key' },
  { pattern: /_ACCESS_?KEY_/, noun: 'an access key' },
  { pattern: /_[A-Z0-9]*TOKEN_/, noun: 'a token' },
  { pattern: /_CREDENTIALS?_/, noun: 'a credential' },
];

/**
 * Last words that make a name describe a credential rather than hold it: TOKEN_URL, SECRET_NAME,
 * PASSWORD_MIN_LENGTH, API_KEY_HEADER, DB_PASSWORD_ARN, TOKEN_TTL.
 */
const DESCRIBING_WORDS = new Set([
  'URL', 'URI', 'URLS', 'ENDPOINT', 'HOST', 'HOSTNAME', 'DOMAIN', 'PORT', 'NAME', 'ARN', 'ID', 'PATH', 'FILE', 'DIR', 'HEADER',
  'LENGTH', 'LEN', 'MIN', 'MAX', 'COUNT', 'LIMIT', 'SIZE', 'ENABLED', 'DISABLED', 'REQUIRED', 'TTL', 'TIMEOUT', 'EXPIRY',
  'EXPIRES', 'EXPIRATION', 'LIFETIME', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS', 'MS', 'POLICY', 'RULES', 'PATTERN', 'TYPE',
  'MODE', 'VERSION', 'REGION', 'FIELD', 'PARAM', 'PREFIX', 'SUFFIX', 'FORMAT', 'ALGORITHM', 'ISSUER', 'AUDIENCE', 'SCOPE',
  'SCOPES', 'HINT', 'HEADERS', 'LOCATION', 'PROVIDER', 'STORE', 'BACKEND', 'ROTATION',
]);

/** Names whose value is an identifier or public by design, however random it looks. */
const PUBLIC_OR_IDENTIFIER = new Set(['PUBLIC', 'PUBLISHABLE', 'ID', 'IDS', 'HASH', 'SHA', 'DIGEST', 'CHECKSUM', 'COMMIT', 'REVISION', 'VERSION', 'FINGERPRINT']);

/** The shortest value taken for a random key by its shape alone (a 128-bit key is 22 base64 characters; most are longer). */
const RANDOM_MIN_LENGTH = 32;

/** `DB_PASSWORD`, `dbPassword` and `db-password` all become DB, PASSWORD. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => word !== '');
}

function characterClass(character: string): 'upper' | 'lower' | 'digit' | 'other' {
  return /[A-Z]/.test(character) ? 'upper' : /[a-z]/.test(character) ? 'lower' : /\d/.test(character) ? 'digit' : 'other';
}

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const character of text) {
    counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  return [...counts.values()].reduce((sum, count) => sum - (count / text.length) * Math.log2(count / text.length), 0);
}

/**
 * A long base64-alphabet string mixed the way random text is: upper case, lower case and digits
 * changing often, few vowels. Words in CamelCase or snake_case (ServiceConfiguration2024,
 * release_candidate_Build_77) change class rarely and are full of vowels, so they do not count.
 */
export function looksRandom(value: string): boolean {
  if (value.length < RANDOM_MIN_LENGTH || !/^[A-Za-z0-9+/=_-]+$/.test(value) || !/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/\d/.test(value)) {
    return false;
  }
  let changes = 0;
  let neighbours = 0;
  for (let index = 1; index < value.length; index++) {
    const before = characterClass(value[index - 1]!);
    const after = characterClass(value[index]!);
    if (before !== 'other' && after !== 'other') {
      neighbours++;
      changes += before === after ? 0 : 1;
    }
  }
  const letters = value.replace(/[^A-Za-z]/g, '');
  const vowels = letters.replace(/[^aeiouAEIOU]/g, '').length;
  // Random base62/base64: about 0.6 of neighbours change class and 0.2 of letters are vowels; words: below 0.35 and above 0.35.
  return entropy(value) >= 3.8 && changes / neighbours >= 0.35 && vowels / letters.length < 0.35;
}

/** Why the variable `name` with the plain value `value` looks like a credential; undefined when it does not. */
export function credentialSign(name: string, value: string): CredentialSign | undefined {
  const known = KNOWN_FORMATS.find(({ pattern }) => pattern.test(value));
  if (known) {
    return { reason: `the value looks like ${known.what}`, by: 'value' };
  }
  const password = URL_PASSWORD.exec(value)?.[1];
  if (password !== undefined && !REFERENCE.test(password)) {
    return { reason: 'the value is a URL with a password in it', by: 'value' };
  }
  if (HARMLESS_VALUES.some((pattern) => pattern.test(value))) {
    return undefined;
  }
  const words = nameWords(name);
  const describes = words.length > 1 && DESCRIBING_WORDS.has(words.at(-1)!);
  const phrase = describes ? undefined : SECRET_PHRASES.find(({ pattern }) => pattern.test(`_${words.join('_')}_`));
  if (phrase) {
    return { reason: `the name ${name} says it holds ${phrase.noun}`, by: 'name' };
  }
  const identifier = words.some((word) => PUBLIC_OR_IDENTIFIER.has(word)) || /^pk_(?:live|test)_/.test(value);
  if (!identifier && looksRandom(value)) {
    return { reason: 'the value looks like a random key (a long string of mixed letters and digits)', by: 'value' };
  }
  return undefined;
}
