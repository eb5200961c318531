import { z } from 'zod';
import { id, longText, nullablePercent, optionalDate, shortText } from './primitives';

/** Sections 3 and 4: the property's location, polygon, mineral rights, royalties and encumbrances. */

/** One ring: [lon, lat] pairs, first == last (GeoJSON order). */
const PositionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const PolygonSchema = z.strictObject({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(PositionSchema).min(4).max(100_000)).min(1).max(1000),
});
export type Polygon = z.infer<typeof PolygonSchema>;

export const MINERAL_RIGHT_KINDS = ['anmProcess', 'concession', 'claim', 'licence', 'lease', 'surfaceRight', 'other'] as const;

export const MineralRightSchema = z.strictObject({
  id,
  kind: z.enum(MINERAL_RIGHT_KINDS),
  /** ANM process number (NNN.NNN/AAAA) for Brazilian rights, claim or licence number elsewhere. */
  identifier: shortText,
  description: longText,
  areaHa: z.number().min(0).nullable(),
  holder: shortText,
  status: shortText,
  expiresOn: optionalDate,
});
export type MineralRight = z.infer<typeof MineralRightSchema>;

export const RoyaltySchema = z.strictObject({
  id,
  holder: shortText,
  /** e.g. "NSR", "CFEM", "landowner". */
  kind: shortText,
  ratePercent: nullablePercent,
  description: longText,
});

export const PropertySchema = z.strictObject({
  location: z.strictObject({
    /** WGS 84 / SIRGAS 2000 decimal degrees of a representative point (section 3, "within one mile"). */
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    /** ANM form (Res. ANM 142/2023): `±GG:MM:SS,SSS`. Brazilian field. */
    sirgas2000: z.strictObject({ latitude: z.string().max(20), longitude: z.string().max(20) }).nullable(),
    description: longText,
  }),
  polygon: PolygonSchema.nullable(),
  areaHa: z.number().min(0).nullable(),
  mineralRights: z.array(MineralRightSchema).max(5000),
  /** Registrant's interest in the property. */
  ownershipPercent: nullablePercent,
  royalties: z.array(RoyaltySchema).max(200),
  encumbrances: longText,
});
export type Property = z.infer<typeof PropertySchema>;
