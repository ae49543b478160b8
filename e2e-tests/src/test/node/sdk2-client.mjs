// An MCP client built on the TypeScript SDK v2 (@modelcontextprotocol/client): Dynamic Client
// Registration, PKCE, a loopback callback, and the SDK's own step-up on 403 insufficient_scope.
//   node sdk2-client.mjs <mcp url> <callback port> <legacy|modern> <tool> [<arguments JSON>]
// legacy: the initialize handshake (the SDK's default, 2025-11-25); modern: pinned to 2026-07-28.
// Prints "AUTHORIZE <url>" on stderr each time the user must sign in (again), "PROTOCOL <version> <era>"
// once connected, then the tool list and the tool result as JSON on stdout. Checks state on each callback
// itself and hands finishAuth the whole callback query, so that the SDK checks iss (RFC 9207) first.
import http from 'node:http';
import crypto from 'node:crypto';

const { Client, StreamableHTTPClientTransport, UnauthorizedError } =
  await import(`${process.env.MCP_CLIENT_DIR}/dist/index.mjs`);

const [mcpUrl, callbackPort, era, toolName, toolArgs = '{}'] = process.argv.slice(2);
const redirectUrl = `http://127.0.0.1:${callbackPort}/callback`;
const MAX_SIGN_INS = 2; // the first sign-in and one step-up

let clientInfo, tokens, verifier, authState;
const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return { client_name: 'TypeScript SDK v2 agent', redirect_uris: [redirectUrl],
             grant_types: ['authorization_code'], response_types: ['code'],
             token_endpoint_auth_method: 'none' };
  },
  state() { authState = crypto.randomBytes(16).toString('base64url'); return authState; },
  clientInformation() { return clientInfo; },
  saveClientInformation(info) { clientInfo = info; },
  tokens() { return tokens; },
  saveTokens(t) { tokens = t; console.error(`TOKEN scope=${t.scope ?? ''}`); },
  redirectToAuthorization(url) { console.error(`AUTHORIZE ${url.toString()}`); },
  saveCodeVerifier(v) { verifier = v; },
  codeVerifier() { return verifier; },
};

// the loopback redirect: every callback's query, in order
const callbacks = [];
let waiting;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, redirectUrl);
  if (url.pathname !== '/callback') { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': 'text/plain' }).end('Signed in. You can close this window.');
  callbacks.push(url.searchParams);
  waiting?.();
});
server.listen(Number(callbackPort), '127.0.0.1');
async function nextCallback() {
  while (callbacks.length === 0) await new Promise(resolve => { waiting = resolve; });
  const params = callbacks.shift();
  if (params.get('state') !== authState) throw new Error('state mismatch on the callback');
  return params; // code, state, iss (and error): the SDK reads them
}

const options = era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {};
const client = new Client({ name: 'typescript-sdk-v2-agent', version: '1.0.0' }, options);
const newTransport = () => new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });

// the SDK's "the user must sign in" (a 401, or a 403 insufficient_scope it turned into a new sign-in)
function needsSignIn(e) {
  for (let c = e; c; c = c.cause) if (c instanceof UnauthorizedError) return true;
  return false;
}

let signIns = 0;
async function afterSignIn(transport) {
  if (++signIns > MAX_SIGN_INS) throw new Error(`more than ${MAX_SIGN_INS} sign-ins`);
  await transport.finishAuth(await nextCallback());
}

let transport = newTransport();
try {
  await client.connect(transport);
} catch (e) {
  if (!needsSignIn(e)) throw e;
  await afterSignIn(transport);
  transport = newTransport();
  await client.connect(transport);
}
console.error(`PROTOCOL ${client.getNegotiatedProtocolVersion()} ${client.getProtocolEra()}`);
const tools = await client.listTools();
let result;
for (;;) {
  try {
    result = await client.callTool({ name: toolName, arguments: JSON.parse(toolArgs) });
    break;
  } catch (e) {
    // a 403 insufficient_scope: the SDK asked for the union of scopes and sent the user to sign in again
    if (!needsSignIn(e)) throw e;
    await afterSignIn(transport);
  }
}
console.log(JSON.stringify({ tools: tools.tools.map(t => t.name), result }, null, 2));
await client.close();
server.close();
process.exit(0);
