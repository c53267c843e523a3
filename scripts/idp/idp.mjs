// A real OpenID Provider for the tests and the demo of single sign-on: oidc-provider (a certified implementation),
// configured here with clients, users and claims. Never a hand-written token issuer: every token comes from
// oidc-provider itself.
//
//   node scripts/idp/idp.mjs            (IDP_PORT=0 picks a free port; the first line of stdout is "IDP_READY <issuer>")
//
// Environment:
//   IDP_PORT        the loopback port (default 0: any free one)
//   IDP_CONFIG      a JSON file { "clients": [...], "users": [...] } loaded at start (optional)
//   IDP_READY_FILE  where to write the issuer once listening (optional)
//   IDP_EXIT_WITH_PARENT=1  exit when the process that started it is gone (the test fixtures set it)
//
// Test-only routes on the same port (loopback only; nothing here is a production provider):
//   POST /_test/clients   a client's metadata (client_id, client_secret, redirect_uris, post_logout_redirect_uris,
//                         backchannel_logout_uri, "id_token_ttl": seconds) - added or replaced
//   POST /_test/users     { "email", "password", "name", "groups": [], "teams": [], "email_verified": true }
//   POST /_test/rotate-keys          a new signing key first (new tokens carry its kid); the old one is still published
//   POST /_test/backchannel-logout   { "email" }: ends the user's sessions at the provider and sends a back-channel
//                                    logout token to every client of those sessions that has a backchannel_logout_uri
//   GET  /interaction/:uid           the login form (email and password); POST /interaction/:uid/login submits it
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { URLSearchParams } from 'node:url';
import Provider from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

const port = Number(process.env.IDP_PORT ?? 0);
const clients = new Map(); // client_id -> metadata (with our own "id_token_ttl")
const users = new Map(); // sub -> user
const subByEmail = new Map();
const keys = []; // private JWKs, the signing one first

function addClient(meta) {
  const { id_token_ttl: ttl, ...rest } = meta;
  clients.set(rest.client_id, {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...rest,
    ...(ttl ? { 'urn:test:id_token_ttl': ttl } : {}),
  });
}

function addUser(user) {
  const email = String(user.email).toLowerCase();
  const sub = subByEmail.get(email) ?? user.sub ?? crypto.createHash('sha256').update(email).digest('hex').slice(0, 24);
  users.set(sub, { email_verified: true, groups: [], teams: [], ...user, sub });
  subByEmail.set(email, sub);
  return sub;
}

function newKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
}

if (process.env.IDP_CONFIG) {
  const config = JSON.parse(fs.readFileSync(process.env.IDP_CONFIG, 'utf8'));
  (config.clients ?? []).forEach(addClient);
  (config.users ?? []).forEach(addUser);
}
keys.push(newKey());

// One storage for every Provider instance: a key rotation builds a new instance and keeps sessions, grants and codes.
const adapterFactory = createMemoryAdapter();
const cookieKeys = [crypto.randomBytes(32).toString('hex')];

// Clients are looked up in our map first (so the tests can add them at run time), then in the storage.
const sessionsBySub = new Map(); // sub -> Set of the provider's session ids (for the test back-channel logout)
function adapter(model) {
  const inner = adapterFactory(model);
  if (model === 'Session') {
    const upsert = inner.upsert.bind(inner);
    inner.upsert = async (id, payload, expiresIn) => {
      if (payload.accountId) {
        if (!sessionsBySub.has(payload.accountId)) sessionsBySub.set(payload.accountId, new Set());
        sessionsBySub.get(payload.accountId).add(id);
      }
      return upsert(id, payload, expiresIn);
    };
    return inner;
  }
  if (model !== 'Client') {
    return inner;
  }
  return {
    ...inner,
    find: async (id) => {
      const meta = clients.get(id);
      if (!meta) return undefined;
      const { 'urn:test:id_token_ttl': _ttl, ...registered } = meta;
      return registered;
    },
    upsert: inner.upsert.bind(inner),
    destroy: inner.destroy.bind(inner),
  };
}

let issuer = '';
let provider;

function build() {
  const p = new Provider(issuer, {
    adapter,
    jwks: { keys: [...keys] },
    cookies: { keys: cookieKeys },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups', 'teams'] },
    // The ID token carries the claims of the scopes asked for (the relying party reads them there).
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: user.email,
          email_verified: user.email_verified,
          name: user.name ?? user.email,
          groups: user.groups,
          teams: user.teams,
        }),
      };
    },
    // First-party clients only: consent is implied (the scopes and claims asked for are granted).
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
      await grant.save();
      return grant;
    },
    ttl: {
      IdToken: (_ctx, _token, client) => clients.get(client.clientId)?.['urn:test:id_token_ttl'] ?? 3600,
    },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    pkce: { required: () => true },
    // This provider and its relying parties live on loopback: its outgoing requests (back-channel logout) go there,
    // which oidc-provider's protection against requests to special-use addresses would refuse.
    fetch: (url, options) => {
      const { dispatcher: _ssrfGuard, ...rest } = options;
      return fetch(url, rest);
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  p.proxy = false;
  return p;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function loginPage(uid, hint, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Email <input name="email" type="email" value="${escapeHtml(hint ?? '')}" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></body></html>`;
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function backchannelLogout(email) {
  const sub = subByEmail.get(String(email).toLowerCase());
  if (!sub) return { sent: 0 };
  // Every session of the user at the provider: sent a logout token for each client it signed in, then destroyed.
  const storage = adapterFactory('Session');
  let sent = 0;
  const sessions = [];
  for (const id of sessionsBySub.get(sub) ?? []) {
    const value = await storage.find(id);
    if (value?.accountId === sub) sessions.push([id, value]);
  }
  sessionsBySub.delete(sub);
  for (const [id, session] of sessions) {
    for (const clientId of Object.keys(session.authorizations ?? {})) {
      const client = await provider.Client.find(clientId);
      if (client?.backchannelLogoutUri) {
        await client.backchannelLogout(sub, session.authorizations[clientId].sid ?? session.uid);
        sent += 1;
      }
    }
    await storage.destroy(id);
  }
  return { sent };
}

async function handle(req, res) {
  const url = new URL(req.url, issuer);
  try {
    if (url.pathname.startsWith('/_test/') && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}');
      switch (url.pathname) {
        case '/_test/clients':
          addClient(body);
          return json(res, 200, { client_id: body.client_id });
        case '/_test/users':
          return json(res, 200, { sub: addUser(body) });
        case '/_test/rotate-keys':
          keys.unshift(newKey());
          provider = build();
          return json(res, 200, { kid: keys[0].kid });
        case '/_test/backchannel-logout':
          return json(res, 200, await backchannelLogout(body.email));
        default:
          return json(res, 404, { error: 'not_found' });
      }
    }
    const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (interaction) {
      const details = await provider.interactionDetails(req, res);
      if (!interaction[2]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(details.uid, details.params.login_hint));
      }
      const form = new URLSearchParams(await readBody(req));
      const sub = subByEmail.get(String(form.get('email') ?? '').toLowerCase());
      const user = sub && users.get(sub);
      if (!user || user.password !== form.get('password')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(details.uid, form.get('email'), 'Wrong email or password.'));
      }
      return await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    }
    return provider.callback()(req, res);
  } catch (e) {
    console.error(e);
    if (!res.headersSent) json(res, 500, { error: 'server_error', error_description: String(e?.message ?? e) + (e?.cause ? ': ' + String(e.cause?.message ?? e.cause) : '') });
    return undefined;
  }
}

const server = http.createServer((req, res) => { handle(req, res); });
server.listen(port, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = build();
  if (process.env.IDP_READY_FILE) fs.writeFileSync(process.env.IDP_READY_FILE, issuer);
  console.log(`IDP_READY ${issuer}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
// Started by a test process (IDP_EXIT_WITH_PARENT=1): ends with it, even when that process is killed.
if (process.env.IDP_EXIT_WITH_PARENT === '1') {
  const parent = process.ppid;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
