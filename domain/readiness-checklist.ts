/**
 * The county checklist of the national 优质均衡 assessment beyond the school resource indicators
 * (seed 004, 附件 1 任务分解表): 15 government-guarantee indicators, 9 education-quality
 * indicators, the social-recognition survey (≥ 85 %) and the six veto conditions. Data, and the
 * pure rules that say where a county stands on it.
 */

export type ChecklistCategory = 'government' | 'quality' | 'recognition' | 'veto';

/** A department as the seed names it, with the names and codes it goes by in other bureaus. */
export interface DepartmentRef {
  name: string;
  aliases: string[];
}

export interface ChecklistItemDef {
  code: string;
  category: ChecklistCategory;
  title: { zh: string; en: string };
  /**
   * A measured share the item must reach (0..1); without one the department states met or not.
   * A veto item's title names the condition; it is met when the condition is absent.
   */
  atLeast?: number;
  lead: DepartmentRef;
  assisting: DepartmentRef[];
}

const dept = (name: string, ...aliases: string[]): DepartmentRef => ({ name, aliases });
const 组织人事科 = dept('组织人事科', '人事股', '人事科', 'renshi');
const 人才交流中心 = dept('人才交流和合作中心');
const 教育研究院 = dept('教育研究院', '教研室', '教研院', 'jiaoyan');
const 教育基建中心 = dept('教育基建中心', '基建股', '基建科');
const 教育装备中心 = dept('教育装备中心', '装备股', '装备中心');
const 计划财务科 = dept('计划财务科', '计财股', '财务股', '计财科');
const 教育信息中心 = dept('教育信息中心', '信息中心', '电教站');
const 义务教育科 = dept('义务教育科', '基教股', '基教科', 'jijiao');
const 民办教育科 = dept('民办教育科', '民办教育股');
const 教育督导中心 = dept('教育督导中心', '督导室', '教育督导室', 'dudao');
const 办公室 = dept('办公室', '局办公室');

const item = (code: string, category: ChecklistCategory, zh: string, en: string, lead: DepartmentRef, assisting: DepartmentRef[] = [], atLeast?: number): ChecklistItemDef => ({
  code,
  category,
  title: { zh, en },
  lead,
  assisting,
  ...(atLeast === undefined ? {} : { atLeast }),
});

export const checklistCatalogue: readonly ChecklistItemDef[] = [
  item('G01', 'government', '县域内义务教育学校规划布局合理，符合国家规定要求', 'School network planned rationally, as national rules require', 教育基建中心, [义务教育科]),
  item('G02', 'government', '城乡学校建设标准、教师编制标准、生均公用经费基准定额、基本装备配置标准统一', 'One standard in town and country for buildings, staffing, per-pupil funding and basic equipment', 计划财务科, [教育基建中心, 组织人事科, 教育装备中心]),
  item('G03', 'government', '每 12 个班级配备音乐、美术专用教室 1 间以上（音乐≥96㎡，美术≥90㎡）', 'A music and an art room per 12 classes (≥ 96 m² and ≥ 90 m²)', 教育基建中心, [教育装备中心]),
  item('G04', 'government', '小学、初中规模不超过 2000 人，九年、十二年一贯制义务教育阶段不超过 2500 人', 'Primary and junior schools ≤ 2,000 pupils; 9- and 12-year schools ≤ 2,500 in compulsory grades', 义务教育科),
  item('G05', 'government', '小学、初中所有班级学生数分别不超过 45 人、50 人', 'Every class ≤ 45 pupils (primary) and ≤ 50 (junior)', 义务教育科),
  item('G06', 'government', '不足 100 名学生的村小学和教学点按 100 名学生核定公用经费', 'Village schools and teaching points under 100 pupils funded as 100', 计划财务科),
  item('G07', 'government', '特殊教育学校生均公用经费不低于 6000 元', 'Special-education schools funded ≥ 6,000 yuan a pupil', 计划财务科),
  item('G08', 'government', '教师平均工资收入水平不低于当地公务员，足额核定绩效工资总量', 'Teachers paid no less than local civil servants; performance pay fully budgeted', 组织人事科, [计划财务科]),
  item('G09', 'government', '教师 5 年 360 学时培训完成率达到 100%', '100 % of teachers complete 360 training hours in 5 years', 教育研究院, [], 1),
  item('G10', 'government', '在核定的编制总额和岗位总量内统筹分配各校编制和岗位', 'Posts allocated across schools within the county’s approved total', 组织人事科),
  item('G11', 'government', '每年交流轮岗教师比例不低于符合条件教师的 10%，其中骨干教师不低于 20%', '≥ 10 % of eligible teachers rotate each year, ≥ 20 % of them backbone teachers', 组织人事科, [人才交流中心], 0.1),
  item('G12', 'government', '专任教师持有教师资格证上岗率达到 100%', '100 % of full-time teachers hold a teaching certificate', 组织人事科, [], 1),
  item('G13', 'government', '城区和镇区公办小学、初中就近划片入学比例分别达到 100%、95% 以上', 'Town public schools admit by catchment: 100 % (primary), ≥ 95 % (junior)', 义务教育科),
  item('G14', 'government', '优质高中招生名额分配比例不低于 50%，并向农村初中倾斜', '≥ 50 % of quality senior-high places allocated to junior schools, favouring rural ones', 义务教育科, [], 0.5),
  item('G15', 'government', '留守儿童关爱体系健全，符合条件的随迁子女在公办学校和政府购买服务的民办学校就读比例不低于 85%', 'Left-behind children cared for; ≥ 85 % of migrant children in public or funded private schools', 义务教育科, [民办教育科], 0.85),
  item('Q01', 'quality', '全县初中三年巩固率达到 95% 以上', 'Junior three-year retention ≥ 95 %', 义务教育科, [], 0.95),
  item('Q02', 'quality', '全县残疾儿童少年入学率达到 95% 以上', 'Enrolment of disabled children ≥ 95 %', 义务教育科, [], 0.95),
  item('Q03', 'quality', '所有学校制定章程，实现学校管理与教学信息化', 'Every school has a charter and runs management and teaching digitally', 组织人事科, [义务教育科, 教育信息中心]),
  item('Q04', 'quality', '按不低于学校年度公用经费预算总额的 5% 安排教师培训经费', '≥ 5 % of each school’s budget spent on teacher training', 教育研究院, [计划财务科]),
  item('Q05', 'quality', '教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平', 'Teachers teach fluently with digital tools; equipment well used', 教育信息中心, [教育装备中心]),
  item('Q06', 'quality', '所有学校德育工作、校园文化建设水平达到良好以上', 'Moral education and school culture rated good or better everywhere', 义务教育科, [教育基建中心]),
  item('Q07', 'quality', '课程开齐开足，教学秩序规范，综合实践活动有效开展', 'Full curriculum, orderly teaching, real practical activities', 义务教育科),
  item('Q08', 'quality', '无过重课业负担', 'No excessive homework burden', 义务教育科),
  item('Q09', 'quality', '国家义务教育质量监测相关科目学业水平达到Ⅲ级以上，且校际差异率低于 0.15', 'National monitoring at level III or above, inter-school difference below 0.15', 教育研究院, [义务教育科]),
  item('S01', 'recognition', '社会认可度达到 85% 以上（学生、家长、教师、校长、人大代表、政协委员及其他群众）', 'Social recognition ≥ 85 % (pupils, parents, teachers, principals, deputies and the public)', 教育督导中心, [办公室], 0.85),
  item('V01', 'veto', '以考试方式招生', 'Admission by examination', 教育督导中心, [义务教育科]),
  item('V02', 'veto', '违规择校行为', 'Irregular school choice', 教育督导中心, [义务教育科]),
  item('V03', 'veto', '重点学校或重点班', 'Key schools or key classes', 教育督导中心, [义务教育科]),
  item('V04', 'veto', '“有编不补”或长期聘用编外教师', 'Vacant posts left unfilled, or long-term teachers off the establishment', 教育督导中心, [组织人事科]),
  item('V05', 'veto', '教育系统重大安全责任事故或严重违纪违规事件', 'A major safety accident or serious misconduct in the education system', 教育督导中心, [办公室]),
  item('V06', 'veto', '弄虚作假行为', 'Falsification', 教育督导中心),
];

export const categoryInfo: Record<ChecklistCategory, { zh: string; en: string }> = {
  government: { zh: '政府保障程度（15 项均须达到）', en: 'Government guarantee (all 15 must be met)' },
  quality: { zh: '教育质量（9 项均须达到）', en: 'Education quality (all 9 must be met)' },
  recognition: { zh: '社会认可度（≥ 85%）', en: 'Social recognition (≥ 85 %)' },
  veto: { zh: '一票否决情形（任一存在即不予认定）', en: 'Veto conditions (any one fails the county)' },
};

export const checklistCodes = checklistCatalogue.map((i) => i.code);
export const checklistItem = (code: string) => checklistCatalogue.find((i) => i.code === code);

/** A department resolves by its code or name matching the seed's name or one of its aliases. */
export function resolveDepartment(ref: DepartmentRef, departments: readonly { id: string; code: string; name: string }[]): string | null {
  const names = [ref.name, ...ref.aliases];
  return departments.find((d) => names.includes(d.name) || names.includes(d.code))?.id ?? null;
}

export type ItemStatus = 'open' | 'submitted' | 'accepted' | 'returned';

export interface ItemState {
  code: string;
  status: ItemStatus;
  met: boolean | null;
  value: number | null;
  dueOn: string;
  leadDepartment: string | null;
  assisting: string[];
}

/** Whether what a department submitted meets the item: a measured share against its floor, else its statement. */
export function submissionMeets(def: ChecklistItemDef, s: { met?: boolean | undefined; value?: number | undefined }): boolean {
  if (def.atLeast !== undefined) return s.value !== undefined && s.value >= def.atLeast;
  return s.met === true;
}

export interface ChecklistStanding {
  byCategory: Record<ChecklistCategory, { items: number; accepted: number; met: number }>;
  /** Accepted items that do not meet their standard, and any veto condition found present. */
  gaps: { code: string; zh: string; en: string }[];
  /** Items still owed (open or returned) by their due date, overdue first, per lead department. */
  owed: { code: string; leadDepartment: string | null; dueOn: string; overdue: boolean }[];
  awaitingReview: string[];
  complete: boolean;
  passes: boolean;
  explanation: { zh: string; en: string };
}

/**
 * Where the county stands: complete once every item is accepted; passes once complete, every
 * government and quality item met, the survey at or above 85 % and no veto condition present.
 * `today` is a Beijing calendar date (YYYY-MM-DD): an item is overdue after its due date.
 */
export function checklistStanding(items: readonly ItemState[], today: string): ChecklistStanding {
  const byCategory = { government: { items: 0, accepted: 0, met: 0 }, quality: { items: 0, accepted: 0, met: 0 }, recognition: { items: 0, accepted: 0, met: 0 }, veto: { items: 0, accepted: 0, met: 0 } };
  const gaps: ChecklistStanding['gaps'] = [];
  for (const it of items) {
    const def = checklistItem(it.code);
    if (!def) continue;
    const c = byCategory[def.category];
    c.items += 1;
    if (it.status !== 'accepted') continue;
    c.accepted += 1;
    if (it.met) c.met += 1;
    else if (def.category === 'veto') gaps.push({ code: it.code, zh: `一票否决：存在${def.title.zh}`, en: `Veto: ${def.title.en} found` });
    else if (def.atLeast !== undefined) gaps.push({ code: it.code, zh: `${def.title.zh}：实际 ${pct(it.value)}，未达 ${pct(def.atLeast)}`, en: `${def.title.en}: ${pct(it.value)}, below ${pct(def.atLeast)}` });
    else gaps.push({ code: it.code, zh: `${def.title.zh}：未达到`, en: `${def.title.en}: not met` });
  }
  const owed = items
    .filter((it) => it.status === 'open' || it.status === 'returned')
    .map((it) => ({ code: it.code, leadDepartment: it.leadDepartment, dueOn: it.dueOn, overdue: it.dueOn < today }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn) || a.code.localeCompare(b.code));
  const awaitingReview = items.filter((it) => it.status === 'submitted').map((it) => it.code);
  const complete = items.length > 0 && items.every((it) => it.status === 'accepted');
  const passes = complete && gaps.length === 0;
  const accepted = items.filter((it) => it.status === 'accepted').length;
  const explanation = passes
    ? { zh: `全部 ${items.length} 项已验收并达到要求`, en: `All ${items.length} items accepted and met` }
    : {
        zh: [`已验收 ${accepted}/${items.length} 项`, owed.length > 0 ? `${owed.length} 项待报送（逾期 ${owed.filter((o) => o.overdue).length} 项）` : '', awaitingReview.length > 0 ? `${awaitingReview.length} 项待审核` : '', gaps.length > 0 ? `未达到：${gaps.map((g) => g.code).join('、')}` : ''].filter(Boolean).join('；'),
        en: [`${accepted}/${items.length} accepted`, owed.length > 0 ? `${owed.length} owed (${owed.filter((o) => o.overdue).length} overdue)` : '', awaitingReview.length > 0 ? `${awaitingReview.length} awaiting review` : '', gaps.length > 0 ? `not met: ${gaps.map((g) => g.code).join(', ')}` : ''].filter(Boolean).join('; '),
      };
  return { byCategory, gaps, owed, awaitingReview, complete, passes, explanation };
}

function pct(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 1000) / 10}%`;
}
