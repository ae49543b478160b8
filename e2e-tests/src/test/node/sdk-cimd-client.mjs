// An MCP client built on the TypeScript SDK's OAuth support, registering with a Client ID
// Metadata Document (its client_id is the document's https URL), as a TypeScript agent would.
//   node sdk-cimd-client.mjs <mcp url> <client metadata url> <callback port>
// Prints "AUTHORIZE <url>" on stderr when the user must sign in, then the tool result as JSON
// on stdout. Checks state and iss (RFC 9207) on the callback itself.
import http from 'node:http';
import crypto from 'node:crypto';

const sdkDir = process.env.MCP_SDK_DIR;
const { Client } = await import(`${sdkDir}/dist/esm/client/index.js`);
const { StreamableHTTPClientTransport } = await import(`${sdkDir}/dist/esm/client/streamableHttp.js`);
const { UnauthorizedError } = await import(`${sdkDir}/dist/esm/client/auth.js`);

const [mcpUrl, clientMetadataUrl, callbackPort] = process.argv.slice(2);
const redirectUrl = `http://127.0.0.1:${callbackPort}/callback`;

let clientInfo, tokens, verifier, authState, expectedIssuer;
const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return { client_name: 'TypeScript SDK agent', redirect_uris: [redirectUrl],
             grant_types: ['authorization_code'], response_types: ['code'],
             token_endpoint_auth_method: 'none' };
  },
  clientMetadataUrl,
  state() { authState = crypto.randomBytes(16).toString('base64url'); return authState; },
  clientInformation() { return clientInfo; },
  saveClientInformation(info) { clientInfo = info; expectedIssuer = info.issuer; },
  tokens() { return tokens; },
  saveTokens(t) { tokens = t; },
  redirectToAuthorization(url) { console.error(`AUTHORIZE ${url.toString()}`); },
  saveCodeVerifier(v) { verifier = v; },
  codeVerifier() { return verifier; },
};

function waitForCallback() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url, redirectUrl);
      if (url.pathname !== '/callback') { res.writeHead(404).end(); return; }
      const p = url.searchParams;
      const fail = (msg) => { res.writeHead(400, {'content-type': 'text/plain'}).end(msg); server.close(); reject(new Error(msg)); };
      if (p.get('state') !== authState) return fail('state mismatch');
      if (expectedIssuer && p.get('iss') !== expectedIssuer) return fail(`iss mismatch: ${p.get('iss')}`);
      if (p.get('error')) return fail(`authorization refused: ${p.get('error')}`);
      res.writeHead(200, {'content-type': 'text/plain'}).end('Signed in. You can close this window.');
      server.close();
      resolve(p.get('code'));
    });
    server.listen(Number(callbackPort), '127.0.0.1');
  });
}

const callback = waitForCallback();
const client = new Client({ name: 'typescript-sdk-agent', version: '1.0.0' });
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }));
} catch (e) {
  if (!(e instanceof UnauthorizedError)) throw e;
  const code = await callback;
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  await transport.finishAuth(code);
  await client.connect(transport);
}
console.error(`REGISTERED client_id=${clientInfo?.client_id}`);
const tools = await client.listTools();
const result = await client.callTool({ name: 'fetch-stock-prices', arguments: {} });
console.log(JSON.stringify({ tools: tools.tools.map(t => t.name), result }, null, 2));
await client.close();
process.exit(0);
