import { useTranslation } from 'react-i18next';
import type { AreaGeometry, Bbox } from '../../../shared/official/records';

export interface MapLayers {
  property: AreaGeometry | null;
  embargoes: Array<{ id: string; label: string; geometry: AreaGeometry | null }>;
  anpAreas: Array<{ id: string; label: string; geometry: AreaGeometry | null }>;
  occurrences: Array<{ id: string; label: string; lon: number; lat: number }>;
  wells: Array<{ id: string; label: string; lon: number | null; lat: number | null }>;
  center: { lon: number; lat: number };
  radiusKm: number;
}

const WIDTH = 480;
const HEIGHT = 360;

/**
 * A small map drawn from the records' own geometries (no tiles: the workstation works offline
 * and its CSP allows no external images). Equirectangular with the longitude scaled by
 * cos(latitude), which is accurate enough at the scale of a property.
 */
export function OfficialMap({ layers }: { layers: MapLayers }) {
  const { t } = useTranslation();
  const { center, radiusKm } = layers;
  const dLat = radiusKm / 110.574;
  const cos = Math.max(Math.cos((center.lat * Math.PI) / 180), 0.01);
  const dLon = radiusKm / (111.32 * cos);
  const box: Bbox = [center.lon - dLon, center.lat - dLat, center.lon + dLon, center.lat + dLat];
  // Keep the aspect ratio true: the larger of the two spans fills the frame.
  const spanX = (box[2] - box[0]) * cos;
  const spanY = box[3] - box[1];
  const scale = Math.min(WIDTH / spanX, HEIGHT / spanY) * 0.95;
  const x = (lon: number) => WIDTH / 2 + (lon - center.lon) * cos * scale;
  const y = (lat: number) => HEIGHT / 2 - (lat - center.lat) * scale;
  const path = (g: AreaGeometry | null): string => {
    if (!g) return '';
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return polygons
      .flatMap((polygon) => polygon.map((ring) => `M${ring.map(([lon, lat]) => `${x(lon!).toFixed(1)},${y(lat!).toFixed(1)}`).join('L')}Z`))
      .join(' ');
  };
  const radiusPx = dLat * scale;
  // A property or an embargo of a few hectares is a dot at 10 km: mark its centre so it stays visible.
  const centreOf = (g: AreaGeometry | null): [number, number] | null => {
    if (!g) return null;
    const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]?.[0];
    if (!ring || ring.length === 0) return null;
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    return [x((Math.min(...xs) + Math.max(...xs)) / 2), y((Math.min(...ys) + Math.max(...ys)) / 2)];
  };
  const propertyCentre = centreOf(layers.property);

  return (
    <figure className="official-map" data-testid="official-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('official.map.title')}>
        <rect x={0} y={0} width={WIDTH} height={HEIGHT} className="map-background" />
        <circle cx={WIDTH / 2} cy={HEIGHT / 2} r={radiusPx} className="map-radius" />
        {layers.anpAreas.map((a) => (
          <path key={`anp-${a.id}`} d={path(a.geometry)} className="map-anp" data-testid="map-anp" fillRule="evenodd">
            <title>{a.label}</title>
          </path>
        ))}
        {layers.embargoes.map((e) => {
          const c = centreOf(e.geometry);
          return (
            <g key={`emb-${e.id}`} data-testid="map-embargo">
              <title>{e.label}</title>
              <path d={path(e.geometry)} className="map-embargo" fillRule="evenodd" />
              {c ? <path d={`M${c[0]},${c[1] - 6}L${c[0] + 6},${c[1]}L${c[0]},${c[1] + 6}L${c[0] - 6},${c[1]}Z`} className="map-embargo-marker" /> : null}
            </g>
          );
        })}
        <g data-testid="map-property">
          <title>{t('official.map.legendProperty')}</title>
          <path d={path(layers.property)} className="map-property" fillRule="evenodd" />
          {propertyCentre ? <circle cx={propertyCentre[0]} cy={propertyCentre[1]} r={7} className="map-property-marker" /> : null}
        </g>
        {layers.wells
          .filter((w) => w.lon !== null && w.lat !== null)
          .map((w) => (
            <rect key={`well-${w.id}`} x={x(w.lon!) - 3} y={y(w.lat!) - 3} width={6} height={6} className="map-well" data-testid="map-well">
              <title>{w.label}</title>
            </rect>
          ))}
        {layers.occurrences.map((o) => (
          <circle key={`occ-${o.id}`} cx={x(o.lon)} cy={y(o.lat)} r={4} className="map-occurrence" data-testid="map-occurrence">
            <title>{o.label}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="map-legend">
        <span className="legend legend-property">{t('official.map.legendProperty')}</span>
        <span className="legend legend-occurrence">{t('official.map.legendOccurrence')}</span>
        <span className="legend legend-embargo">{t('official.map.legendEmbargo')}</span>
        <span className="legend legend-anp">{t('official.map.legendAnp')}</span>
        <span className="legend legend-well">{t('official.map.legendWell')}</span>
      </figcaption>
    </figure>
  );
}
