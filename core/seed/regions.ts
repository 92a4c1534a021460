import { RegionLevel } from '../entities/enums.js';

/**
 * The demo's administrative divisions, GB/T 2260 codes and names. Chongqing is a
 * province-level municipality: its districts and counties hang directly under 500000 (as
 * the test fixtures have it). `weight` is a rough size of the district's teaching force,
 * used to spread schools and teachers.
 */
export interface RegionSeed {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  weight: number;
}

const P = RegionLevel.province, C = RegionLevel.city, D = RegionLevel.district;

const CHONGQING: [string, string, number][] = [
  ['500101', '万州区', 8], ['500102', '涪陵区', 6], ['500103', '渝中区', 4], ['500104', '大渡口区', 2], ['500105', '江北区', 5],
  ['500106', '沙坪坝区', 6], ['500107', '九龙坡区', 6], ['500108', '南岸区', 5], ['500109', '北碚区', 4], ['500110', '綦江区', 5],
  ['500111', '大足区', 4], ['500112', '渝北区', 8], ['500113', '巴南区', 5], ['500114', '黔江区', 3], ['500115', '长寿区', 4],
  ['500116', '江津区', 6], ['500117', '合川区', 6], ['500118', '永川区', 5], ['500119', '南川区', 3], ['500120', '璧山区', 3],
  ['500151', '铜梁区', 3], ['500152', '潼南区', 3], ['500153', '荣昌区', 3], ['500154', '开州区', 6], ['500155', '梁平区', 3],
  ['500156', '武隆区', 2], ['500229', '城口县', 1], ['500230', '丰都县', 3], ['500231', '垫江县', 3], ['500233', '忠县', 3],
  ['500235', '云阳县', 4], ['500236', '奉节县', 4], ['500237', '巫山县', 2], ['500238', '巫溪县', 2], ['500240', '石柱土家族自治县', 2],
  ['500241', '秀山土家族苗族自治县', 2], ['500242', '酉阳土家族苗族自治县', 3], ['500243', '彭水苗族土家族自治县', 3],
];

const ZHEJIANG: [string, string, [string, string, number][]][] = [
  ['330100', '杭州市', [
    ['330102', '上城区', 5], ['330105', '拱墅区', 5], ['330106', '西湖区', 5], ['330108', '滨江区', 3], ['330109', '萧山区', 7],
    ['330110', '余杭区', 6], ['330111', '富阳区', 4], ['330112', '临安区', 3], ['330113', '临平区', 4], ['330114', '钱塘区', 3],
    ['330122', '桐庐县', 2], ['330127', '淳安县', 2], ['330182', '建德市', 2],
  ]],
  ['330200', '宁波市', [
    ['330203', '海曙区', 4], ['330205', '江北区', 2], ['330206', '北仑区', 3], ['330211', '镇海区', 2], ['330212', '鄞州区', 6],
    ['330213', '奉化区', 2], ['330281', '余姚市', 4], ['330282', '慈溪市', 5],
  ]],
  ['330300', '温州市', [
    ['330302', '鹿城区', 4], ['330303', '龙湾区', 3], ['330304', '瓯海区', 4], ['330305', '洞头区', 1], ['330381', '瑞安市', 5],
    ['330382', '乐清市', 5],
  ]],
  ['330700', '金华市', [['330702', '婺城区', 3], ['330703', '金东区', 2], ['330782', '义乌市', 5], ['330783', '东阳市', 3]]],
];

export const REGIONS: RegionSeed[] = [
  { id: '500000', name: '重庆市', level: P, parentId: null, weight: 0 },
  ...CHONGQING.map(([id, name, weight]) => ({ id, name, level: D, parentId: '500000', weight })),
  { id: '330000', name: '浙江省', level: P, parentId: null, weight: 0 },
  ...ZHEJIANG.flatMap(([cityId, cityName, districts]) => [
    { id: cityId, name: cityName, level: C, parentId: '330000', weight: 0 },
    ...districts.map(([id, name, weight]) => ({ id, name, level: D, parentId: cityId, weight })),
  ]),
];

const byId = new Map(REGIONS.map((r) => [r.id, r]));

export function regionName(id: string): string {
  return byId.get(id)?.name ?? id;
}

/** The region's ancestors and itself, root first. */
export function regionPath(id: string, lookup: (id: string) => { parentId: string | null } | undefined = (i) => byId.get(i)): string[] {
  const path: string[] = [];
  for (let cur: string | null = id; cur; cur = lookup(cur)?.parentId ?? null) path.unshift(cur);
  return path;
}

/**
 * The prefix of a school's full name: 重庆市渝中区…, 杭州市余杭区…; county-level cities
 * stand alone (义乌市…).
 */
export function placePrefix(districtId: string, lookup: (id: string) => { name: string; parentId: string | null } | undefined = (i) => byId.get(i)): string {
  const names = regionPath(districtId, lookup).map((id) => lookup(id)?.name ?? '');
  const own = names[names.length - 1] ?? '';
  if (names.length > 2) return own.endsWith('市') ? own : names.slice(1).join('');
  return names.join('');
}

/** The education bureau's name: Chongqing uses 教育委员会, Zhejiang 教育厅 / 教育局. */
export function bureauName(region: { id: string; name: string; level: RegionLevel }, parentName?: string): string {
  const chongqing = region.id.startsWith('50');
  if (region.level === RegionLevel.province) return chongqing ? `${region.name}教育委员会` : `${region.name}教育厅`;
  const prefix = region.level === RegionLevel.district && parentName ? parentName : '';
  return chongqing ? `${prefix}${region.name}教育委员会` : `${prefix}${region.name}教育局`;
}

const CORE_URBAN = new Set([
  '500103', '500104', '500105', '500106', '500107', '500108', '500109', '500112', '500113',
  '330102', '330105', '330106', '330108', '330203', '330205', '330302', '330702',
]);

/** The share of a district's schools that are rural (乡村). */
export function ruralShare(id: string, name: string): number {
  if (name.endsWith('县')) return 0.6;
  if (CORE_URBAN.has(id)) return 0.05;
  return id.startsWith('50') ? 0.4 : 0.25;
}

/** A district's relative size (schools and teachers are spread by it). */
export function regionWeight(id: string): number {
  return byId.get(id)?.weight || 3;
}
