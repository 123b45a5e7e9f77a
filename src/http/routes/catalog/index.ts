import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problems } from '../../../domain/errors.js';
import type { AppDeps } from '../../deps.js';
import { problemResponses } from '../schemas.js';

const Code = Type.Object({ code: Type.String() });

export const catalogRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { ctx }) => {
  const types = [...ctx.catalog.recordTypes.values()];
  const agencies = [...ctx.catalog.agencies.values()];

  app.get(
    '/api/v1/catalog/record-types',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The record types of the credit information catalog (信用信息目录)',
      },
    },
    async () => ({ items: types, total: types.length }),
  );
  app.get(
    '/api/v1/catalog/record-types/:code',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One record type, in exactly the shape `xinyong catalog validate` accepts',
        params: Code,
        response: problemResponses(404),
      },
    },
    async (req) => {
      const t = ctx.catalog.recordTypes.get(req.params.code);
      if (!t) throw problems.notFound(`no record type ${req.params.code}`);
      return t;
    },
  );
  app.get(
    '/api/v1/catalog/agencies',
    { schema: { tags: ['catalog'], summary: 'Agencies that submit records and own lists' } },
    async () => ({
      items: agencies,
      total: agencies.length,
    }),
  );
  app.get(
    '/api/v1/catalog/agencies/:code',
    { schema: { tags: ['catalog'], summary: 'One agency', params: Code, response: problemResponses(404) } },
    async (req) => {
      const a = ctx.catalog.agencies.get(req.params.code);
      if (!a) throw problems.notFound(`no agency ${req.params.code}`);
      return a;
    },
  );
  for (const [kind, map, summary] of [
    [
      'lists',
      ctx.catalog.lists,
      'Lists (black, red, key-attention, irregularity, alert): owners, bases, severities, notice and repair',
    ],
    [
      'measures',
      ctx.catalog.measures,
      'Measures (the National Basic List of Punishment Measures, and rewards): effect and the actions they govern',
    ],
    [
      'memoranda',
      ctx.catalog.memoranda,
      'Memoranda of understanding (合作备忘录): which lists trigger which measures, and the roles they reach',
    ],
    ['actions', ctx.catalog.actions, 'Transactions enforcers ask about'],
  ] as const) {
    const items = [...(map as ReadonlyMap<string, { code: string }>).values()];
    app.get(`/api/v1/catalog/${kind}`, { schema: { tags: ['catalog'], summary } }, async () => ({
      items,
      total: items.length,
    }));
    app.get(
      `/api/v1/catalog/${kind}/:code`,
      {
        schema: {
          tags: ['catalog'],
          summary: `One of the ${kind}`,
          params: Code,
          response: problemResponses(404),
        },
      },
      async (req) => {
        const item = (map as ReadonlyMap<string, unknown>).get(req.params.code);
        if (!item) throw problems.notFound(`no ${kind} entry ${req.params.code}`);
        return item;
      },
    );
  }
  app.get(
    '/api/v1/catalog/prohibited',
    { schema: { tags: ['catalog'], summary: 'Data categories the catalog refuses, with their basis' } },
    async () => ctx.catalog.prohibited,
  );
};
