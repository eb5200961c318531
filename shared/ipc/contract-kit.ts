import type { z } from 'zod';
import type { FlagKey } from '../flags/flag-keys';

/**
 * One IPC channel: the payload the renderer may send (validated in main with zod) and what it
 * gets back. A channel with `flag` is refused in main while that flag is off for this user.
 */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  flag?: FlagKey;
}

/** Identity helper that keeps the literal zod types of a channel for inference. */
export function channel<I extends z.ZodType, O extends z.ZodType>(spec: ChannelSpec<I, O>): ChannelSpec<I, O> {
  return spec;
}

/** Channels are named `<namespace>.<method>`; the preload exposes them as `qivo.<namespace>.<method>()`. */
export type ChannelMap = Record<`${string}.${string}`, ChannelSpec>;
/** Events main pushes to the renderer, `<namespace>.<event>` → payload schema. */
export type EventMap = Record<`${string}.${string}`, z.ZodType>;
