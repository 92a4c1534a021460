import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

/**
 * The GraphQL IDE the API server shows at GET /graphql (core/server/static.ts), bundled
 * here because Apollo's landing page loads from a CDN. It sends the console's session
 * cookie: log in at /admin (or run the `login` mutation here) and the queries run as you.
 */
const fetcher = async (params: unknown) => {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(params),
  });
  return res.json();
};

const DEFAULT_QUERY = `# 师训 Shixun GraphQL API
# 登录：mutation { login(username: "admin", password: "…") { displayName } }
# 之后的请求带上 HttpOnly Cookie（shixun_token）。

query Me {
  me { id role regionId institutionId }
}
`;

createRoot(document.getElementById('graphiql')!).render(<GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />);
