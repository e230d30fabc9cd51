import { createHash } from 'node:crypto';
import { ERROR_STATUS } from './error-status.ts';
import { problemType } from './problem.ts';
import { escapeHtml, inlineText, schemaLink, schemaSummary, schemaText, slug } from './schema-text.ts';

type Json = Record<string, unknown>;

/**
 * Readable from a phone up: long paths and codes break anywhere rather than widen the page, tables keep
 * to the page's width (code blocks in them scroll inside their own box), and on narrow screens the rows of
 * the parameter and response tables stack their cells (under labels) instead of squeezing columns.
 */
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#fafafa;overflow-wrap:break-word}
header,main{max-width:62rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1.5rem}h1{line-height:1.2;margin:.5rem 0 1rem}h1 small{font-weight:400;color:#666;font-size:.6em}
nav{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
nav p{margin:.25rem 0 .5rem}nav strong{display:block;margin-top:.5rem}
nav ul{list-style:none;padding-left:0;margin:.25rem 0 .75rem}nav li{margin:.1rem 0}nav li a{overflow-wrap:anywhere}
a{color:#0b57d0;text-decoration:none}a:hover{text-decoration:underline}
section.op{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.25rem 1rem 1rem;margin:1rem 0}
h3 code{overflow-wrap:anywhere}
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font:600 .8em/1.8 ui-monospace,monospace;margin-right:.4em}
.get,.head{background:#1a7f37}.post{background:#0b57d0}.put,.patch{background:#9a6700}.delete{background:#cf222e}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
p code,td code,li code{background:#f4f4f5;border-radius:3px;padding:0 .2em;overflow-wrap:anywhere}pre code{background:none;padding:0;font-size:1em}
pre{background:#f4f4f5;border-radius:4px;padding:.6rem;overflow:auto;max-width:100%;max-height:28rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;table-layout:fixed}th,td{border-bottom:1px solid #eee;text-align:left;padding:.3rem .5rem;vertical-align:top;overflow-wrap:anywhere}
th{font-weight:600;color:#444;overflow-wrap:normal}.auth{color:#555}.req{color:#cf222e}pre .c{color:#6e7781}
col.name{width:18%}col.in{width:9%}col.required{width:11%}col.schema{width:32%}col.status{width:5.5rem}col.code{width:40%}col.code-status{width:5rem}
@media (max-width:40rem){
header,main{padding:0 .75rem}section.op,nav{padding-left:.75rem;padding-right:.75rem}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack colgroup,table.stack tr.columns,table.stack td:empty{display:none}
table.stack tr{border-bottom:1px solid #eee;padding:.35rem 0}table.stack td{border:0;padding:.05rem 0}
table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#444}
}
`;

const refName = (ref: unknown): string | undefined =>
  typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;

const schemaBlock = (schema: unknown): string => `<pre>${schemaText(schema)}</pre>`;

const contentBlocks = (content: unknown): string =>
  Object.entries((content ?? {}) as Record<string, { schema?: unknown }>)
    .map(([type, media]) => {
      const name = refName((media.schema as Json | undefined)?.$ref);
      if (name !== undefined) return `<p><code>${escapeHtml(type)}</code>: ${schemaLink(name)}</p>`;
      return `<p><code>${escapeHtml(type)}</code></p>${schemaBlock(media.schema ?? {})}`;
    })
    .join('');

const operationHtml = (path: string, method: string, op: Json): string => {
  const role = op['x-required-role'];
  const auth = typeof role === 'string' ? `Bearer token with role <strong>${escapeHtml(role)}</strong>${role === 'member' ? ' (or admin)' : ''}` : 'None';
  const params = (op.parameters ?? []) as Json[];
  const paramRows = params
    .map(
      (p) =>
        `<tr><td data-label="Name"><code>${escapeHtml(String(p.name))}</code></td><td data-label="In">${escapeHtml(String(p.in))}</td><td data-label="Required">${p.required === true ? '<span class="req">yes</span>' : 'no'}</td><td data-label="Schema"><code>${schemaSummary(p.schema ?? {})}</code></td><td data-label="Description">${inlineText(String(p.description ?? ''))}</td></tr>`,
    )
    .join('');
  const body = op.requestBody as Json | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(
      ([status, r]) => `<tr><td><strong>${escapeHtml(status)}</strong></td><td>${inlineText(String(r.description ?? ''))}${contentBlocks(r.content)}</td></tr>`,
    )
    .join('');
  return `<section class="op" id="${slug(`op-${method}-${path}`)}">
<h3><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span><code>${escapeHtml(path)}</code></h3>
<p>${inlineText(String(op.summary ?? ''))}</p>${op.description === undefined ? '' : `<p>${inlineText(String(op.description))}</p>`}
<p class="auth">Auth: ${auth}</p>
${params.length === 0 ? '' : `<h4>Parameters</h4><table class="stack"><colgroup><col class="name"><col class="in"><col class="required"><col class="schema"><col></colgroup><tr class="columns"><th>Name</th><th>In</th><th>Required</th><th>Schema</th><th>Description</th></tr>${paramRows}</table>`}
${body === undefined ? '' : `<h4>Request body</h4>${body.description === undefined ? '' : `<p>${inlineText(String(body.description))}</p>`}${contentBlocks(body.content)}`}
<h4>Responses</h4><table class="stack"><colgroup><col class="status"><col></colgroup><tr class="columns"><th>Status</th><th>Description</th></tr>${responses}</table>
</section>`;
};

export interface DocsPage {
  html: string;
  /** Allows exactly the page's own inline style and nothing else. */
  contentSecurityPolicy: string;
}

/** A self-contained reference page (no scripts, no external assets) rendered from the OpenAPI document. */
export const renderDocs = (doc: Json): DocsPage => {
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const byTag = new Map<string, typeof operations>();
  for (const entry of operations) {
    const tag = ((entry.op.tags as string[] | undefined) ?? ['other'])[0] ?? 'other';
    byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
  }
  const tags = [...byTag.keys()].sort();
  const nav = tags
    .map(
      (tag) =>
        `<strong>${escapeHtml(tag)}</strong><ul>${(byTag.get(tag) ?? [])
          .map(
            ({ path, method, op }) =>
              `<li><a href="#${slug(`op-${method}-${path}`)}"><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span>${escapeHtml(path)}</a> ${inlineText(String(op.summary ?? ''))}</li>`,
          )
          .join('')}</ul>`,
    )
    .join('');
  const errorRows = Object.entries(ERROR_STATUS)
    .map(
      ([code, status]) =>
        `<tr id="problem-${slug(code)}"><td><code>${code}</code></td><td>${status}</td><td><code>${escapeHtml(problemType(code as keyof typeof ERROR_STATUS))}</code></td></tr>`,
    )
    .join('');
  const schemas = Object.entries(((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>)
    .map(([name, schema]) => `<section class="op" id="schema-${slug(name)}"><h3>${escapeHtml(name)}</h3>${schemaBlock(schema)}</section>`)
    .join('');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(String(info.title ?? 'API'))} reference</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(String(info.title ?? 'API'))} <small>${escapeHtml(String(info.version ?? ''))}</small></h1>
${info.description === undefined ? '' : `<p>${inlineText(String(info.description))}</p>`}
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p></header>
<main><nav><p><a href="#auth">Authentication</a> · <a href="#errors">Errors</a> · <a href="#schemas">Schemas</a></p>${nav}</nav>
<section id="auth"><h2>Authentication</h2><p>Every <code>/v1/**</code> route needs <code>Authorization: Bearer &lt;JWT&gt;</code>. The token's role claim is <code>admin</code> or <code>member</code>; admins may call every member route. A missing, malformed, expired or badly signed token is answered <code>401</code> with <code>WWW-Authenticate: Bearer</code>; a valid token without the needed role <code>403</code>. Requests are rate limited per user (<code>429</code> with <code>Retry-After</code>).</p></section>
<section id="errors"><h2>Errors</h2><p>Every error is <code>application/problem+json</code> (RFC 9457): <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, a stable <code>code</code>, the <code>requestId</code> (also in the <code>X-Request-Id</code> header) and, for validation failures, <code>errors</code> listing each bad field as <code>{ path, message }</code>.</p>
<table><colgroup><col class="code"><col class="code-status"><col></colgroup><tr><th>code</th><th>status</th><th>type</th></tr>${errorRows}</table></section>
<h2>Operations</h2>
${operations.map(({ path, method, op }) => operationHtml(path, method, op)).join('\n')}
<h2 id="schemas">Schemas</h2>${schemas}
</main></body></html>`;
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  return {
    html,
    contentSecurityPolicy: `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
};
