import type { FastifyRequest } from 'fastify';
import { actorLabel, type Actor } from '../domain/access';
import { authRequired } from './plugins/access';

/** The signed-in caller; routes that are not public always have one (the access hook ensures it). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw authRequired();
  return req.actor;
}

/** The audit fields that say who did it and under which request. */
export function auditBy(req: FastifyRequest): { actor: string; actorAccountId: string; requestId: string } {
  const actor = actorOf(req);
  return { actor: actorLabel(actor), actorAccountId: actor.accountId, requestId: req.id };
}
