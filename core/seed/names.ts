import { Rng, Weighted } from './random.js';

/**
 * Chinese personal names: common surnames weighted roughly by their national frequency
 * (per mille), with regional emphasis for Zhejiang and Chongqing, and given names from
 * character pools that follow the bearer's gender and generation.
 */
const SURNAMES: [string, number][] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 23], ['赵', 22], ['吴', 20], ['周', 19],
  ['徐', 15], ['孙', 15], ['马', 14], ['朱', 13], ['胡', 13], ['郭', 12], ['何', 12], ['高', 11], ['林', 11], ['罗', 11],
  ['郑', 10], ['梁', 10], ['谢', 8], ['宋', 8], ['唐', 8], ['许', 7], ['韩', 7], ['冯', 7], ['邓', 7], ['曹', 7],
  ['彭', 6], ['曾', 6], ['肖', 6], ['田', 6], ['董', 5], ['袁', 5], ['潘', 5], ['于', 5], ['蒋', 5], ['蔡', 5],
  ['余', 5], ['杜', 5], ['叶', 4], ['程', 4], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['沈', 4],
  ['姚', 4], ['卢', 4], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3],
  ['石', 3], ['廖', 3], ['贾', 3], ['夏', 3], ['韦', 3], ['付', 3], ['方', 3], ['白', 2], ['邹', 2], ['孟', 2],
  ['熊', 2], ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2], ['侯', 2],
  ['龙', 2], ['史', 2], ['陶', 2], ['黎', 2], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 2], ['龚', 2], ['邵', 2],
  ['万', 2], ['钱', 2], ['严', 2], ['覃', 1], ['武', 1], ['戴', 1], ['莫', 1], ['孔', 1], ['向', 1], ['汤', 1],
  ['冉', 0.5], ['欧阳', 0.4], ['应', 0.5], ['楼', 0.4], ['童', 0.5], ['洪', 0.6], ['俞', 0.5], ['章', 0.5], ['诸葛', 0.05], ['司马', 0.05],
];

/** Surnames more common in the province than nationally (multipliers). */
const REGIONAL: Record<string, Record<string, number>> = {
  '33': { 陈: 1.6, 徐: 1.6, 吴: 1.5, 周: 1.4, 沈: 2.5, 金: 2.5, 胡: 1.4, 潘: 1.8, 钱: 2.5, 应: 4, 楼: 5, 俞: 3, 章: 3, 童: 2, 洪: 2, 叶: 1.8, 蒋: 1.5 },
  '50': { 刘: 1.4, 杨: 1.3, 何: 1.6, 罗: 1.5, 谭: 2.5, 冉: 8, 向: 4, 秦: 2, 熊: 1.5, 邓: 1.5, 唐: 1.5, 彭: 1.4, 田: 1.5, 陈: 1.1 },
};

const surnameTables = new Map<string, Weighted<string>>();
function surnames(province: string): Weighted<string> {
  let t = surnameTables.get(province);
  if (!t) {
    const boost = REGIONAL[province] ?? {};
    t = new Weighted(SURNAMES.map(([s, w]) => [s, w * (boost[s] ?? 1)] as const));
    surnameTables.set(province, t);
  }
  return t;
}

/** Given-name characters by gender and generation (born before 1980 / from 1980). */
const GIVEN = {
  male: {
    older: '国建华军伟强明志刚勇平峰斌林涛文海波辉东立新春庆宏忠民永兵德福成祥荣光',
    younger: '浩宇杰俊鹏飞超磊鑫凯健帆旭阳晨博轩睿哲昊然泽远航子文明天翔宁昊一嘉',
  },
  female: {
    older: '红英华丽芳敏静玲霞燕秀兰梅萍琴云凤艳娟莉虹洁慧珍雪春晓丹群琳',
    younger: '婷雯欣怡佳悦琪颖倩璐蕾晶丹雪慧婧瑶涵萱思雨晓文嘉月妍馨梦钰琳诗',
  },
} as const;

export function personName(rng: Rng, gender: 'male' | 'female', birthYear: number, province = ''): string {
  const pool = GIVEN[gender][birthYear < 1980 ? 'older' : 'younger'];
  const surname = surnames(province).pick(rng);
  const first = pool[Math.floor(rng.next() * pool.length)]!;
  if (rng.chance(surname.length > 1 ? 0.5 : 0.3)) return surname + first;
  let second = pool[Math.floor(rng.next() * pool.length)]!;
  if (second === first && rng.chance(0.7)) second = pool[(pool.indexOf(second) + 1) % pool.length]!;
  return surname + first + second;
}

/** Two-character place names for schools and towns (石桥, 龙溪, 青坪 …). */
const PLACE_FIRST = '东西南北青石龙凤白黄新安平兴永和清金华高长云双太仙松梅桃柳竹古三五万';
const PLACE_SECOND = '桥溪湖山河塘坪坝湾口岭坡林园洲港浦江泉门岗滩垭场寺庙沟';

export function placeName(rng: Rng): string {
  return PLACE_FIRST[Math.floor(rng.next() * PLACE_FIRST.length)]! + PLACE_SECOND[Math.floor(rng.next() * PLACE_SECOND.length)]!;
}

const DIGITS = '零一二三四五六七八九';
/** 1 → 一, 12 → 十二, 25 → 二十五, 108 → 一百零八. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const tail = rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest);
  return `${DIGITS[Math.floor(n / 100)]}百${tail}`;
}

/** A mobile number (1[3-9]x xxxx xxxx). */
export function mobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
}
