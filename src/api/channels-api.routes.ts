// /api/v1/channels: notification channel CRUD (admins), "send test" and the per-channel delivery
// log. A webhook channel is `{ type: "webhook", name, url, secret }`. Same services as the pages.
import type { Context } from 'hono'
import { z } from 'zod'
import type { TenantEnv } from '../http/env.ts'
import { readJson } from '../http/json-body.ts'
import {
  changeChannel,
  channelDeliveries,
  channelInputSchema,
  channelPatchSchema,
  channelsCtx,
  createChannel,
  getChannelView,
  listChannelViews,
  removeChannel,
  testChannel,
  type ChannelsDeps,
} from '../notifications/index.ts'
import type { ApiRouter } from './api-router.ts'
import { wrap } from './schemas/common.ts'
import {
  channelDeliveryOutSchema,
  channelOutSchema,
  testSendOutSchema,
} from './schemas/channels.ts'

export function channelsApi(api: ApiRouter, deps: ChannelsDeps): void {
  const tag = 'Notification channels'
  const ctx = (c: Context<TenantEnv>) => channelsCtx(c, deps)
  const channelId = (c: Context<TenantEnv>) => c.req.param('channelId') ?? ''
  const one = wrap('channel', channelOutSchema)

  api.tenantRoute(
    {
      method: 'get',
      path: '/channels',
      tag,
      role: 'admin',
      summary: "The tenant's notification channels and their routes",
      responses: { 200: wrap('channels', z.array(channelOutSchema)) },
    },
    async (c) => {
      return c.json({ channels: await listChannelViews(ctx(c)) })
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/channels',
      tag,
      role: 'admin',
      summary:
        'Create a channel: { type, name, …settings of the type } (the first channel becomes the default route)',
      body: channelInputSchema,
      responses: { 201: one },
    },
    async (c) => {
      return c.json(
        { channel: await createChannel(ctx(c), await readJson(c, channelInputSchema)) },
        201,
      )
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/channels/:channelId',
      tag,
      role: 'admin',
      summary: 'Read a channel (secrets are never returned)',
      responses: { 200: one },
    },
    async (c) => {
      return c.json({ channel: await getChannelView(ctx(c), channelId(c)) })
    },
  )
  api.tenantRoute(
    {
      method: 'patch',
      path: '/channels/:channelId',
      tag,
      role: 'admin',
      summary: 'Change a channel; secret settings left out keep their value',
      body: channelPatchSchema,
      responses: { 200: one },
    },
    async (c) => {
      return c.json({
        channel: await changeChannel(ctx(c), channelId(c), await readJson(c, channelPatchSchema)),
      })
    },
  )
  api.tenantRoute(
    {
      method: 'delete',
      path: '/channels/:channelId',
      tag,
      role: 'admin',
      summary: 'Delete a channel (messages still queued for it are cancelled)',
      responses: { 204: null },
    },
    async (c) => {
      await removeChannel(ctx(c), channelId(c))
      return c.body(null, 204)
    },
  )
  api.tenantRoute(
    {
      method: 'post',
      path: '/channels/:channelId/test',
      tag,
      role: 'admin',
      summary: 'Send a test message now and say whether it arrived',
      responses: { 200: testSendOutSchema },
    },
    async (c) => {
      return c.json(await testChannel(ctx(c), channelId(c)))
    },
  )
  api.tenantRoute(
    {
      method: 'get',
      path: '/channels/:channelId/deliveries',
      tag,
      role: 'admin',
      summary: 'The newest 100 messages of the channel with their outcome',
      responses: { 200: wrap('deliveries', z.array(channelDeliveryOutSchema)) },
    },
    async (c) => {
      return c.json({ deliveries: await channelDeliveries(ctx(c), channelId(c)) })
    },
  )
}
