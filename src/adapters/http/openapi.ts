import { z } from 'zod';
import { problemSchema } from './problem.ts';

export type HttpMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
/** `member` routes accept admins too. */
export type RouteSecurity = 'none' | 'member' | 'admin';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Default `application/json` when a schema is given. */
  contentType?: string;
  headers?: Record<string, { description: string; schema?: z.ZodType }>;
}

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI form, `{name}` for parameters: `/v1/images/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  security: RouteSecurity;
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    body?: z.ZodType;
    /** Default `application/json`. */
    bodyContentType?: string;
    bodyDescription?: string;
  };
  responses: Record<number, ResponseSpec>;
}

export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
}

type Json = Record<string, unknown>;

/** `/v1/images/{id}` -> `/v1/images/:id`, so a route is declared once, in its OpenAPI form. */
export const toExpressPath = (path: string): string => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string): Json => ({
  description,
  content: { 'application/problem+json': { schema: problemRef } },
});

/**
 * Routes describe themselves here with the same zod schemas that validate their requests; `document()`
 * turns them into OpenAPI 3.1 with zod's own JSON Schema output (draft 2020-12, OpenAPI 3.1's dialect).
 * Schemas carrying `.meta({ id })` become shared components.
 */
export class OpenApiRegistry {
  private readonly specs = new Map<string, RouteSpec>();
  private cached: { version: number; doc: Json } | undefined;
  private version = 0;
  private readonly info: ApiInfo;

  constructor(info: ApiInfo = { title: 'synesthesie media API', version: '1.0.0' }) {
    this.info = info;
  }

  /** A second registration of the same method and path replaces the first. */
  register(spec: RouteSpec): void {
    this.specs.set(`${spec.method} ${spec.path}`, spec);
    this.version += 1;
  }

  routes(): RouteSpec[] {
    return [...this.specs.values()];
  }

  document(): Json {
    if (this.cached?.version === this.version) return this.cached.doc;
    const components: Record<string, Json> = {};
    const convert = (schema: z.ZodType, io: 'input' | 'output'): Json => hoist(toJsonSchema(schema, io), components, io);
    convert(problemSchema, 'output');
    const paths: Record<string, Record<string, Json>> = {};
    for (const spec of [...this.specs.values()].sort((a, b) => a.path.localeCompare(b.path))) {
      (paths[spec.path] ??= {})[spec.method] = operation(spec, convert);
    }
    const tags = [...new Set([...this.specs.values()].flatMap((spec) => spec.tags ?? []))].sort().map((name) => ({ name }));
    const doc: Json = {
      openapi: '3.1.0',
      info: this.info,
      tags,
      paths,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'A JWT whose role claim (AUTH_ROLE_CLAIM) holds a value of AUTH_ADMIN_ROLES or AUTH_MEMBER_ROLES (`admin` / `member` by default). Admins may call every member route.',
          },
        },
        schemas: components,
      },
    };
    this.cached = { version: this.version, doc };
    return doc;
  }
}

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return json;
};

/** Moves `$defs` into `components.schemas` and points the references there. */
const hoist = (json: Json, components: Record<string, Json>, io: 'input' | 'output'): Json => {
  const { $defs, ...rest } = json as Json & { $defs?: Record<string, Json> };
  const renames = new Map<string, string>();
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/$defs/')) {
          const name = value.slice('#/$defs/'.length);
          return [key, `#/components/schemas/${renames.get(name) ?? name}`];
        }
        return [key, rewrite(value)];
      }),
    );
  };
  // The same schema can convert differently as input and as output (defaults, unknown keys): keep both.
  const definitions = Object.entries($defs ?? {}).map(([name, def]) => [name, rewrite(def) as Json] as const);
  for (const [name, def] of definitions) {
    let target = name;
    for (let n = 1; components[target] !== undefined && !sameJson(components[target], def); n += 1) {
      target = `${name}${io === 'input' ? 'Input' : 'Output'}${n > 1 ? n : ''}`;
    }
    renames.set(name, target);
  }
  for (const [name, def] of Object.entries($defs ?? {})) components[renames.get(name) ?? name] = rewrite(def) as Json;
  return rewrite(rest) as Json;
};

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

type Convert = (schema: z.ZodType, io: 'input' | 'output') => Json;

const parameters = (where: 'path' | 'query', schema: z.ZodObject | undefined, convert: Convert): Json[] => {
  if (schema === undefined) return [];
  const json = convert(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
};

/** `{id}` is always a UUID here; other path parameters (an upload id chosen by the store) are opaque strings. */
const PATH_PARAMETER = /\{([A-Za-z0-9_]+)\}/g;

/**
 * Every `{name}` of the path is a declared parameter, whether or not the route validates it with a schema:
 * OpenAPI requires it, and generated clients type an undeclared one as `never`.
 */
const pathParameters = (spec: RouteSpec, convert: Convert): Json[] => {
  const declared = parameters('path', spec.request?.params, convert);
  const names = new Set(declared.map((p) => p.name));
  const implied = [...spec.path.matchAll(PATH_PARAMETER)]
    .map((m) => m[1]!)
    .filter((name) => !names.has(name))
    .map((name) => ({ name, in: 'path', required: true, schema: name === 'id' ? { type: 'string', format: 'uuid' } : { type: 'string' } }));
  return [...declared, ...implied];
};

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A stable, readable operationId from the method and path when the route names none:
 * `GET /v1/admin/images/{id}` is `getAdminImagesById`, `GET /openapi.json` is `getOpenapiJson`.
 */
export const operationIdOf = (method: HttpMethod, path: string): string =>
  method +
  path
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'v1')
    .map((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
      const words = (parameter ?? segment).split(/[^A-Za-z0-9]+/).filter(Boolean);
      return (parameter ? 'By' : '') + words.map(capitalize).join('');
    })
    .join('');

const operation = (spec: RouteSpec, convert: Convert): Json => {
  const { request } = spec;
  const responses: Record<string, Json> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const headers = Object.entries(response.headers ?? {}).map(([name, header]) => [
      name,
      { description: header.description, schema: header.schema === undefined ? { type: 'string' } : convert(header.schema, 'output') },
    ]);
    responses[status] = {
      description: response.description,
      ...(headers.length === 0 ? {} : { headers: Object.fromEntries(headers) }),
      ...(response.schema === undefined ? {} : { content: { [response.contentType ?? 'application/json']: { schema: convert(response.schema, 'output') } } }),
    };
  }
  const validated = request?.params !== undefined || request?.query !== undefined || request?.body !== undefined;
  const implied: [string, string][] = [];
  if (validated) implied.push(['400', 'A parameter or field is not valid; `errors` lists each one.']);
  if (spec.security !== 'none') {
    implied.push(['401', 'Missing, malformed, expired or badly signed bearer token.']);
    implied.push(['403', spec.security === 'admin' ? 'The token does not carry the admin role.' : 'The token carries no known role.']);
    implied.push(['429', 'Too many requests for this user; see `Retry-After`.']);
  }
  if (request?.body !== undefined) implied.push(['413', 'The request body is too large.'], ['415', 'The body is not in the expected media type.']);
  for (const [status, description] of implied) responses[status] ??= problemResponse(description);
  responses.default ??= problemResponse('Any other error, as problem+json (503 when a dependency is down).');

  return {
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    operationId: spec.operationId ?? operationIdOf(spec.method, spec.path),
    ...(spec.tags === undefined ? {} : { tags: spec.tags }),
    security: spec.security === 'none' ? [] : [{ bearerAuth: [] }],
    'x-required-role': spec.security === 'none' ? null : spec.security,
    parameters: [...pathParameters(spec, convert), ...parameters('query', request?.query, convert)],
    ...(request?.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            ...(request.bodyDescription === undefined ? {} : { description: request.bodyDescription }),
            content: { [request.bodyContentType ?? 'application/json']: { schema: convert(request.body, 'input') } },
          },
        }),
    responses,
  };
};
