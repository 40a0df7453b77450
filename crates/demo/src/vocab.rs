//! The made-up vocabulary: place-name syllables, department kinds with their
//! projects, tasks and indicator pools, and the shared indicator pool.
//!
//! All text here is written for the demo: the names follow the usual patterns
//! of published tables, the places do not exist (or only by accident).

use jixiao_core::taxonomy::Level2;
use jixiao_core::taxonomy::Level2::{
    Economic as EC, Ecological as EO, Quality as QL, Quantity as QN, Social as SO, Sustainability as SU,
    Timeliness as TM,
};

/// A comparison of a value template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
}

use Op::{Ge, Le, Lt};

/// How the value of an indicator is phrased and which numbers it takes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum V {
    /// A percentage in `lo..=hi`.
    P(Op, u32, u32),
    /// A count in `lo..=hi` with a unit (`不少于20场`).
    N(Op, u32, u32, &'static str),
    /// A time limit in `lo..=hi` units (`5个工作日内`, `不超过三天`).
    W(u32, u32, &'static str),
    /// A qualitative value, one of the list (`达标`, `良好以上`).
    T(&'static [&'static str]),
    /// Two percentages joined (`参考率不低于85%，及格率不低于85%`).
    Two(&'static str, &'static str, u32, u32),
    /// A deadline in the budget year (`2024年12月底前完成`).
    D,
}

/// A template of an indicator: its name, category and value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ind {
    pub name: &'static str,
    pub l2: Level2,
    pub v: V,
}

const fn i(name: &'static str, l2: Level2, v: V) -> Ind {
    Ind { name, l2, v }
}

/// A line of work of a department: two project names, a goal, a task of the
/// department plan and the indicators that fit it.
#[derive(Debug)]
pub(crate) struct Topic {
    pub projects: [&'static str; 2],
    pub goal: &'static str,
    pub task: &'static str,
    pub content: &'static str,
    pub task_goal: &'static str,
    pub indicators: &'static [Ind],
}

/// A kind of department (司法局, 教育局 …) with everything written for it.
#[derive(Debug)]
pub(crate) struct Kind {
    pub name: &'static str,
    pub slug: &'static str,
    pub functions: &'static str,
    pub goal: &'static str,
    pub units: &'static [&'static str],
    pub topics: &'static [Topic],
    pub general: &'static [Ind],
    pub satisfaction: &'static [&'static str],
    /// A unit-cost indicator: name, range, unit (`元/件`).
    pub unit_cost: (&'static str, u32, u32, &'static str),
}

/// Syllables that start a place name, with their pinyin.
pub(crate) const FIRST: &[(&str, &str)] = &[
    ("青", "qing"), ("安", "an"), ("平", "ping"), ("宁", "ning"), ("兴", "xing"), ("华", "hua"),
    ("泰", "tai"), ("丰", "feng"), ("临", "lin"), ("永", "yong"), ("长", "chang"), ("新", "xin"),
    ("德", "de"), ("云", "yun"), ("凤", "feng"), ("石", "shi"), ("松", "song"), ("桂", "gui"),
    ("梅", "mei"), ("明", "ming"), ("昌", "chang"), ("瑞", "rui"), ("嘉", "jia"), ("福", "fu"),
    ("宝", "bao"), ("金", "jin"), ("玉", "yu"), ("岚", "lan"), ("榕", "rong"), ("柳", "liu"),
    ("杉", "shan"), ("鹤", "he"), ("兰", "lan"), ("翠", "cui"), ("霞", "xia"), ("湖", "hu"),
    ("枫", "feng"), ("茂", "mao"), ("晴", "qing"), ("锦", "jin"),
];

/// Syllables that end a place name, with their pinyin.
pub(crate) const SECOND: &[(&str, &str)] = &[
    ("川", "chuan"), ("源", "yuan"), ("阳", "yang"), ("江", "jiang"), ("山", "shan"), ("溪", "xi"),
    ("林", "lin"), ("泉", "quan"), ("河", "he"), ("湾", "wan"), ("城", "cheng"), ("坪", "ping"),
    ("塘", "tang"), ("岗", "gang"), ("洲", "zhou"), ("峰", "feng"), ("浦", "pu"), ("口", "kou"),
    ("桥", "qiao"), ("田", "tian"), ("原", "yuan"), ("岩", "yan"), ("沙", "sha"), ("陵", "ling"),
];

/// Values that say nothing measurable (injected as a defect, never generated otherwise).
pub(crate) const VAGUE: &[&str] = &["有效", "不断提升", "明显提高", "逐步完善", "进一步提高", "较好"];

/// Names of whole-project cost indicators whose value is an amount in 万元.
pub(crate) const MONEY_COST: &[&str] = &["项目总成本", "项目成本控制数", "预算支出控制数"];

/// Satisfaction values: percentages.
pub(crate) const SATISFACTION_VALUE: V = V::P(Ge, 85, 95);

/// Indicators any project may carry.
pub(crate) const GENERIC: &[Ind] = &[
    i("项目按时完成率", TM, V::P(Op::Eq, 100, 100)),
    i("资金支付及时率", TM, V::P(Ge, 90, 100)),
    i("资金使用合规率", QL, V::P(Op::Eq, 100, 100)),
    i("政府采购合规性", QL, V::T(&["符合规定", "合规"])),
    i("项目完成时间", TM, V::D),
    i("项目验收合格率", QL, V::P(Op::Eq, 100, 100)),
    i("工作人员业务培训次数", QN, V::N(Ge, 1, 4, "次")),
    i("长效管理机制", SU, V::T(&["建立健全并持续运行", "形成常态化工作机制"])),
    i("信息公开情况", QL, V::T(&["按规定及时公开"])),
];

/// Every department kind.
pub(crate) const KINDS: &[Kind] = &[
    Kind {
        name: "司法局",
        slug: "justice",
        functions: "负责本地区法治建设的统筹协调，承担行政复议与行政应诉、人民调解、社区矫正、法律援助、公共法律服务和普法依法治理等工作。",
        goal: "统筹推进法治政府建设，健全公共法律服务体系，做好矛盾纠纷源头化解，为经济社会发展提供法治保障。",
        units: &["法律援助处", "公共法律服务中心", "社区矫正中心"],
        topics: &[
            Topic {
                projects: ["人民调解工作经费", "专职人民调解员购买服务"],
                goal: "健全人民调解组织网络，及时化解基层矛盾纠纷，维护社会和谐稳定。",
                task: "夯实人民调解基础",
                content: "指导各镇街调委会规范运行，组织调解员业务培训，开展矛盾纠纷集中排查。",
                task_goal: "矛盾纠纷排查化解率稳步提高，重大纠纷不外溢。",
                indicators: &[
                    i("调解案件数量", QN, V::N(Ge, 300, 1200, "件")),
                    i("调解成功率", QL, V::P(Ge, 92, 98)),
                    i("调解员培训次数", QN, V::N(Ge, 2, 6, "次")),
                    i("矛盾纠纷排查次数", QN, V::N(Ge, 4, 12, "次")),
                    i("调解协议履行率", QL, V::P(Ge, 90, 98)),
                    i("因纠纷激化引发的刑事案件", SO, V::T(&["零发生", "未发生"])),
                ],
            },
            Topic {
                projects: ["法律援助办案补贴", "法律援助值班律师服务"],
                goal: "为经济困难群众和特殊案件当事人提供法律援助，保障其合法权益。",
                task: "扩大法律援助覆盖面",
                content: "简化法律援助申请审查程序，在看守所和法院设立值班律师工作站，开展案件质量评查。",
                task_goal: "符合条件的困难群众应援尽援，案件质量总体良好。",
                indicators: &[
                    i("法律援助案件办结率", QL, V::P(Op::Eq, 100, 100)),
                    i("受理法律援助案件数", QN, V::N(Ge, 150, 600, "件")),
                    i("值班律师法律帮助人次", QN, V::N(Ge, 200, 900, "人次")),
                    i("法律援助申请审查时限", TM, V::W(3, 7, "个工作日")),
                    i("受援人合法权益保障", SO, V::T(&["依法得到保障"])),
                ],
            },
            Topic {
                projects: ["社区矫正监管经费", "安置帮教工作经费"],
                goal: "落实社区矫正对象分类管理和教育帮扶，做好刑满释放人员衔接安置。",
                task: "规范社区矫正和安置帮教",
                content: "实施社区矫正对象信息化核查，开展集中教育和心理辅导，落实刑满释放人员必接必送。",
                task_goal: "社区矫正对象不脱管不漏管，重新犯罪率保持低位。",
                indicators: &[
                    i("社区矫正对象信息化核查人数", QN, V::N(Ge, 300, 1500, "人")),
                    i("社区矫正对象再犯罪率", SO, V::P(Lt, 1, 2)),
                    i("刑满释放人员衔接率", QL, V::P(Ge, 95, 100)),
                    i("帮教走访次数", QN, V::N(Ge, 2, 6, "次")),
                    i("电子定位设备运行情况", QL, V::T(&["运行正常"])),
                ],
            },
            Topic {
                projects: ["普法宣传教育经费", "法治文化阵地建设"],
                goal: "落实普法责任制，建设法治文化阵地，提升群众尊法学法守法用法意识。",
                task: "深化全民普法",
                content: "开展宪法和民法典主题宣传，组织国家工作人员学法考试，培育法治示范村（社区）。",
                task_goal: "普法工作年度考核良好以上。",
                indicators: &[
                    i("普法宣传活动次数", QN, V::N(Ge, 12, 40, "场")),
                    i("普法宣传资料发放数量", QN, V::N(Ge, 3000, 20000, "份")),
                    i("国家工作人员学法考试", QL, V::Two("参考率", "及格率", 85, 95)),
                    i("民主法治示范村（社区）创建数", QN, V::N(Ge, 1, 5, "个")),
                    i("群众法治素养测评", SO, V::T(&["良好以上"])),
                ],
            },
        ],
        general: &[
            i("行政复议案件法定期限办结率", TM, V::P(Op::Eq, 100, 100)),
            i("行政应诉出庭率", QL, V::P(Op::Eq, 100, 100)),
            i("法治建设考评等级", SO, V::T(&["良好以上", "优秀"])),
            i("公共法律服务热线接通率", QL, V::P(Ge, 90, 98)),
        ],
        satisfaction: &["服务对象满意度", "群众满意度", "受援群众满意度"],
        unit_cost: ("法律援助案件平均补贴", 1000, 3000, "元/件"),
    },
    Kind {
        name: "教育局",
        slug: "education",
        functions: "贯彻落实国家教育方针政策，统筹管理辖区学前教育、义务教育和普通高中教育，负责教师队伍建设、教育经费管理和学生资助等工作。",
        goal: "全面落实立德树人根本任务，促进义务教育优质均衡发展，办好人民满意的教育。",
        units: &["教师发展中心", "学生资助管理中心", "实验中学"],
        topics: &[
            Topic {
                projects: ["义务教育学校公用经费补助", "学前教育普惠性发展补助"],
                goal: "保障学校正常运转，改善办学条件，提高普惠性学前教育覆盖面。",
                task: "推进义务教育优质均衡发展",
                content: "落实公用经费保障标准，实施薄弱学校改造，推进集团化办学。",
                task_goal: "义务教育巩固水平保持高位，校际差距进一步缩小。",
                indicators: &[
                    i("义务教育巩固率", QL, V::P(Ge, 96, 99)),
                    i("普惠性幼儿园覆盖率", QN, V::P(Ge, 80, 92)),
                    i("公用经费补助学生数", QN, V::N(Ge, 8000, 40000, "人")),
                    i("适龄儿童入学率", SO, V::P(Op::Eq, 100, 100)),
                    i("学校安全责任事故", SO, V::T(&["零发生"])),
                ],
            },
            Topic {
                projects: ["中小学教师继续教育培训", "乡村教师生活补助"],
                goal: "提升教师专业能力和师德水平，稳定乡村教师队伍。",
                task: "加强教师队伍建设",
                content: "组织新任教师、骨干教师和校长分层培训，落实乡村教师生活补助。",
                task_goal: "教师培训全覆盖，乡村教师队伍保持稳定。",
                indicators: &[
                    i("教师培训人次", QN, V::N(Ge, 800, 4000, "人次")),
                    i("培训合格率", QL, V::P(Ge, 95, 99)),
                    i("乡村教师补助发放人数", QN, V::N(Ge, 300, 1500, "人")),
                    i("补助资金发放时限", TM, V::W(10, 30, "个工作日")),
                    i("乡村教师流失率", SU, V::P(Le, 3, 8)),
                ],
            },
            Topic {
                projects: ["家庭经济困难学生资助", "农村学生营养改善计划补助"],
                goal: "确保家庭经济困难学生应助尽助，改善农村学生营养状况。",
                task: "落实学生资助政策",
                content: "开展困难学生认定，按时发放各类助学金，实施营养改善计划。",
                task_goal: "不让一个学生因家庭经济困难而失学。",
                indicators: &[
                    i("资助学生人数", QN, V::N(Ge, 1000, 6000, "人次")),
                    i("资助对象认定准确率", QL, V::P(Op::Eq, 100, 100)),
                    i("资助资金发放及时率", TM, V::P(Op::Eq, 100, 100)),
                    i("因贫失学辍学学生", SO, V::T(&["零发生", "动态清零"])),
                    i("营养餐供应天数", QN, V::N(Ge, 180, 200, "天")),
                ],
            },
            Topic {
                projects: ["校园安全防范设施建设", "教育信息化建设"],
                goal: "完善校园技防设施，推进智慧校园建设，保障师生安全。",
                task: "建设平安智慧校园",
                content: "更新校园视频监控和一键报警系统，完善教学信息化设备。",
                task_goal: "校园技防设施达标，信息化教学普遍开展。",
                indicators: &[
                    i("视频监控设备更新数量", QN, V::N(Ge, 100, 600, "台")),
                    i("技防设施验收合格率", QL, V::P(Op::Eq, 100, 100)),
                    i("多媒体教室覆盖率", QN, V::P(Ge, 90, 100)),
                    i("设备故障修复时限", TM, V::W(2, 5, "个工作日")),
                    i("设备使用年限", SU, V::N(Ge, 5, 8, "年")),
                ],
            },
        ],
        general: &[
            i("教育质量综合评价等级", SO, V::T(&["良好以上", "优良"])),
            i("安全教育活动场次", QN, V::N(Ge, 10, 40, "场")),
            i("学生体质健康达标率", SO, V::P(Op::Gt, 90, 95)),
        ],
        satisfaction: &["学生及家长满意度", "教师满意度", "服务对象满意度"],
        unit_cost: ("生均公用经费标准", 650, 1200, "元/生"),
    },
    Kind {
        name: "卫生健康局",
        slug: "health",
        functions: "负责辖区卫生健康事业发展规划，组织实施疾病预防控制、基本公共卫生服务、医疗机构监管、妇幼健康和老龄健康等工作。",
        goal: "提升基本医疗卫生服务水平，巩固基本公共卫生服务成效，增进群众健康福祉。",
        units: &["疾病预防控制中心", "卫生监督所", "妇幼保健院"],
        topics: &[
            Topic {
                projects: ["基本公共卫生服务补助", "家庭医生签约服务经费"],
                goal: "为辖区居民免费提供基本公共卫生服务，做实家庭医生签约服务。",
                task: "做实基本公共卫生服务",
                content: "建立居民电子健康档案，开展慢病患者随访管理，推进家庭医生签约服务。",
                task_goal: "重点人群健康管理覆盖面扩大，慢病规范管理水平提高。",
                indicators: &[
                    i("家庭医生签约率", QN, V::P(Ge, 35, 45)),
                    i("居民电子健康档案建档率", QN, V::P(Ge, 85, 92)),
                    i("高血压患者规范管理率", QL, V::P(Ge, 60, 70)),
                    i("老年人健康体检人数", QN, V::N(Ge, 5000, 30000, "人")),
                    i("居民健康素养水平", SO, V::P(Ge, 25, 35)),
                ],
            },
            Topic {
                projects: ["免疫规划疫苗接种经费", "重大传染病防控经费"],
                goal: "保持较高水平的免疫规划接种率，做好重点传染病监测和处置。",
                task: "筑牢疾病防控网底",
                content: "开展适龄儿童免疫规划疫苗接种，做好传染病监测报告和流行病学调查。",
                task_goal: "不发生重大传染病暴发流行。",
                indicators: &[
                    i("适龄儿童免疫规划疫苗接种率", QL, V::P(Ge, 90, 95)),
                    i("传染病报告及时率", TM, V::P(Ge, 95, 100)),
                    i("流行病学调查完成时限", TM, V::W(24, 48, "小时")),
                    i("重大传染病暴发流行事件", SO, V::T(&["零发生"])),
                    i("疫苗冷链设备配置数量", QN, V::N(Ge, 10, 60, "台")),
                ],
            },
            Topic {
                projects: ["妇幼健康服务项目", "孕前优生健康检查"],
                goal: "保障母婴安全，降低出生缺陷发生风险。",
                task: "守护妇女儿童健康",
                content: "开展孕产妇系统管理、免费孕前优生检查和新生儿疾病筛查。",
                task_goal: "孕产妇和婴儿死亡率控制在目标范围以内。",
                indicators: &[
                    i("孕产妇系统管理率", QL, V::P(Ge, 90, 96)),
                    i("孕前优生健康检查人数", QN, V::N(Ge, 800, 3000, "人")),
                    i("新生儿疾病筛查率", QN, V::P(Ge, 95, 99)),
                    i("婴儿死亡率", SO, V::N(Le, 3, 5, "‰")),
                    i("筛查结果反馈时限", TM, V::W(5, 10, "个工作日")),
                ],
            },
            Topic {
                projects: ["卫生监督执法经费", "医疗机构综合监管"],
                goal: "规范医疗卫生服务秩序，保障群众就医安全。",
                task: "强化卫生健康综合监管",
                content: "开展医疗机构、公共场所和生活饮用水卫生监督检查，查处违法行为。",
                task_goal: "监督检查全覆盖，违法行为依法查处。",
                indicators: &[
                    i("卫生监督检查户次", QN, V::N(Ge, 500, 2500, "户次")),
                    i("监督覆盖率", QN, V::P(Ge, 95, 100)),
                    i("投诉举报处理时限", TM, V::W(10, 15, "个工作日")),
                    i("案件查处合格率", QL, V::P(Op::Eq, 100, 100)),
                ],
            },
        ],
        general: &[
            i("基层医疗卫生机构诊疗量占比", SO, V::P(Ge, 50, 65)),
            i("医疗废物规范处置率", EO, V::P(Op::Eq, 100, 100)),
            i("突发公共卫生事件处置及时率", TM, V::P(Op::Eq, 100, 100)),
        ],
        satisfaction: &["患者满意度", "签约居民满意度", "服务对象满意度"],
        unit_cost: ("人均基本公共卫生服务补助标准", 89, 99, "元/人"),
    },
    Kind {
        name: "民政局",
        slug: "civil",
        functions: "负责辖区社会救助、养老服务、儿童福利、社会组织管理、婚姻和殡葬管理以及基层社会治理等工作。",
        goal: "兜牢基本民生底线，完善养老服务体系，提升基层社会治理和基本社会服务水平。",
        units: &["社会福利院", "救助管理站", "殡仪馆"],
        topics: &[
            Topic {
                projects: ["城乡最低生活保障资金", "特困人员救助供养"],
                goal: "按时足额发放低保金和特困供养金，保障困难群众基本生活。",
                task: "兜牢社会救助底线",
                content: "开展低保对象动态管理，落实特困人员供养和临时救助政策。",
                task_goal: "应保尽保、应救尽救。",
                indicators: &[
                    i("低保保障人数", QN, V::N(Ge, 2000, 9000, "人")),
                    i("救助资金按时发放率", TM, V::P(Op::Eq, 100, 100)),
                    i("低保对象认定准确率", QL, V::P(Ge, 98, 100)),
                    i("特困人员集中供养率", QN, V::P(Ge, 40, 60)),
                    i("困难群众基本生活", SO, V::T(&["得到保障"])),
                ],
            },
            Topic {
                projects: ["居家养老服务补贴", "长者饭堂运营补助"],
                goal: "完善居家社区养老服务网络，满足老年人助餐等基本需求。",
                task: "完善养老服务体系",
                content: "推进长者饭堂和社区养老服务站点建设，为困难老人提供居家养老服务。",
                task_goal: "社区养老服务设施覆盖全部街镇。",
                indicators: &[
                    i("居家养老服务补贴对象人数", QN, V::N(Ge, 300, 2000, "人")),
                    i("长者饭堂数量", QN, V::N(Ge, 10, 60, "个")),
                    i("助餐服务人次", QN, V::N(Ge, 20000, 150000, "人次")),
                    i("养老服务补贴发放及时率", TM, V::P(Op::Eq, 100, 100)),
                    i("养老机构安全责任事故", SO, V::T(&["零发生"])),
                ],
            },
            Topic {
                projects: ["孤儿和事实无人抚养儿童基本生活保障", "未成年人保护工作经费"],
                goal: "保障孤儿和困境儿童基本生活，健全未成年人保护工作体系。",
                task: "加强儿童福利和未成年人保护",
                content: "按标准发放孤儿和事实无人抚养儿童基本生活费，开展困境儿童走访关爱。",
                task_goal: "困境儿童关爱服务全覆盖。",
                indicators: &[
                    i("保障儿童人数", QN, V::N(Ge, 50, 400, "人")),
                    i("基本生活费发放标准执行率", QL, V::P(Op::Eq, 100, 100)),
                    i("困境儿童走访次数", QN, V::N(Ge, 2, 6, "次")),
                    i("儿童督导员培训覆盖率", QL, V::P(Op::Eq, 100, 100)),
                ],
            },
            Topic {
                projects: ["惠民殡葬补贴", "婚姻登记规范化建设"],
                goal: "减轻群众丧葬负担，推进婚姻登记便民服务。",
                task: "推进殡葬改革和婚姻登记服务",
                content: "落实基本殡葬服务费用减免政策，优化婚姻登记预约和颁证服务。",
                task_goal: "基本殡葬服务惠及全体居民，婚姻登记零差错。",
                indicators: &[
                    i("惠民殡葬补贴人数", QN, V::N(Ge, 500, 3000, "人")),
                    i("遗体火化率", EO, V::P(Ge, 95, 100)),
                    i("婚姻登记准确性", QL, V::T(&["零差错"])),
                    i("补贴审核办结时限", TM, V::W(3, 10, "个工作日")),
                ],
            },
        ],
        general: &[
            i("社会组织年检率", QL, V::P(Ge, 85, 95)),
            i("社区工作者培训人次", QN, V::N(Ge, 200, 1200, "人次")),
            i("村（居）委会规范运行率", SU, V::P(Ge, 90, 100)),
        ],
        satisfaction: &["救助对象满意度", "老年人满意度", "服务对象满意度"],
        unit_cost: ("居家养老服务补贴标准", 200, 600, "元/人·月"),
    },
    Kind {
        name: "应急管理局",
        slug: "emergency",
        functions: "负责辖区应急管理体系建设，组织编制应急预案，指导安全生产监督管理、防灾减灾救灾和应急救援工作。",
        goal: "防范化解重大安全风险，坚决遏制重特大事故，提升防灾减灾救灾和应急处置能力。",
        units: &["应急救援指挥中心", "安全生产执法大队"],
        topics: &[
            Topic {
                projects: ["安全生产监管执法经费", "危险化学品企业专项检查"],
                goal: "开展安全生产执法检查，督促企业落实主体责任，减少生产安全事故。",
                task: "严格安全生产监管执法",
                content: "制定年度执法计划，开展重点行业领域专项整治和隐患排查。",
                task_goal: "生产安全事故起数和死亡人数实现双下降。",
                indicators: &[
                    i("执法检查企业数", QN, V::N(Ge, 200, 1200, "家")),
                    i("隐患整改率", QL, V::P(Ge, 95, 100)),
                    i("较大及以上生产安全事故", SO, V::T(&["零发生", "0起"])),
                    i("执法文书规范率", QL, V::P(Ge, 95, 100)),
                    i("重大隐患整改时限", TM, V::W(15, 30, "日")),
                ],
            },
            Topic {
                projects: ["应急预案编制与演练", "应急救援队伍建设"],
                goal: "完善应急预案体系，提高各类突发事件的协同处置能力。",
                task: "提升应急救援能力",
                content: "修订专项应急预案，组织综合应急演练，开展救援队伍培训和装备配备。",
                task_goal: "应急响应迅速，救援处置规范高效。",
                indicators: &[
                    i("组织应急演练次数", QN, V::N(Ge, 2, 8, "次")),
                    i("应急预案修订数量", QN, V::N(Ge, 2, 6, "项")),
                    i("救援队伍到达现场时间", TM, V::N(Le, 15, 30, "分钟")),
                    i("救援装备完好率", QL, V::P(Ge, 95, 100)),
                ],
            },
            Topic {
                projects: ["自然灾害防治经费", "防汛防台物资储备"],
                goal: "加强自然灾害监测预警和救灾物资储备，最大限度减少灾害损失。",
                task: "加强防灾减灾救灾",
                content: "开展自然灾害综合风险排查，更新防汛物资，推进综合减灾示范社区创建。",
                task_goal: "灾害发生时受灾群众基本生活得到及时救助。",
                indicators: &[
                    i("储备救灾物资品种", QN, V::N(Ge, 10, 30, "类")),
                    i("综合减灾示范社区创建数", QN, V::N(Ge, 1, 5, "个")),
                    i("受灾群众转移安置时限", TM, V::N(Le, 12, 24, "小时")),
                    i("灾情信息报送及时率", TM, V::P(Op::Eq, 100, 100)),
                    i("防灾减灾知识普及率", SO, V::P(Ge, 80, 90)),
                ],
            },
            Topic {
                projects: ["安全生产宣传教育培训", "应急科普宣传"],
                goal: "普及安全生产和应急避险知识，提升全社会安全意识。",
                task: "开展安全宣传培训",
                content: "组织安全生产月活动和企业负责人、安全管理人员培训考核。",
                task_goal: "重点行业从业人员安全培训全覆盖。",
                indicators: &[
                    i("宣传活动场次", QN, V::N(Ge, 10, 40, "场")),
                    i("培训考核人次", QN, V::N(Ge, 500, 3000, "人次")),
                    i("培训考核合格率", QL, V::P(Ge, 90, 98)),
                    i("宣传资料发放数量", QN, V::N(Ge, 5000, 30000, "份")),
                ],
            },
        ],
        general: &[
            i("值班值守到岗率", QL, V::P(Op::Eq, 100, 100)),
            i("应急指挥平台正常运行率", SU, V::P(Ge, 98, 100)),
        ],
        satisfaction: &["企业满意度", "群众满意度", "服务对象满意度"],
        unit_cost: ("单次演练平均成本", 8000, 30000, "元/次"),
    },
    Kind {
        name: "生态环境局",
        slug: "environment",
        functions: "负责辖区生态环境监督管理，组织实施大气、水、土壤污染防治，承担环境监测、环境执法和生态环境保护督察整改等工作。",
        goal: "深入打好污染防治攻坚战，持续改善区域生态环境质量。",
        units: &["环境监测站", "生态环境保护综合执法大队"],
        topics: &[
            Topic {
                projects: ["大气污染防治专项经费", "挥发性有机物治理"],
                goal: "强化大气污染源头管控，推动空气质量持续改善。",
                task: "打好蓝天保卫战",
                content: "开展工业源、移动源和扬尘源综合治理，加强重污染天气应对。",
                task_goal: "空气质量优良天数比率达到上级下达目标。",
                indicators: &[
                    i("空气质量优良天数比率", EO, V::P(Ge, 85, 95)),
                    i("细颗粒物年均浓度", EO, V::N(Le, 25, 35, "微克/立方米")),
                    i("重点企业治理数量", QN, V::N(Ge, 10, 60, "家")),
                    i("扬尘巡查次数", QN, V::N(Ge, 50, 200, "次")),
                ],
            },
            Topic {
                projects: ["水污染防治与河涌整治", "饮用水水源地保护"],
                goal: "巩固黑臭水体治理成效，保障饮用水水源安全。",
                task: "打好碧水保卫战",
                content: "开展入河排污口排查整治，实施饮用水水源地规范化建设和水质监测。",
                task_goal: "考核断面水质稳定达标。",
                indicators: &[
                    i("地表水考核断面达标率", EO, V::P(Op::Eq, 100, 100)),
                    i("饮用水水源地水质达标率", EO, V::P(Op::Eq, 100, 100)),
                    i("排污口排查整治数量", QN, V::N(Ge, 20, 150, "个")),
                    i("水质监测频次", QN, V::N(Ge, 12, 24, "次/年")),
                ],
            },
            Topic {
                projects: ["环境监测运行经费", "空气自动监测站运维"],
                goal: "保障环境监测网络稳定运行，为环境管理提供准确数据。",
                task: "提升环境监测能力",
                content: "做好空气和水质自动监测站运维，开展例行监测和应急监测。",
                task_goal: "监测数据真实准确、传输稳定。",
                indicators: &[
                    i("自动监测站数量", QN, V::N(Ge, 3, 12, "个")),
                    i("数据有效传输率", QL, V::P(Ge, 90, 98)),
                    i("监测报告出具时限", TM, V::W(5, 15, "个工作日")),
                    i("监测数据质量", QL, V::T(&["符合国家技术规范"])),
                ],
            },
            Topic {
                projects: ["生态环境执法专项经费", "环保督察问题整改"],
                goal: "严厉查处环境违法行为，按期完成督察反馈问题整改。",
                task: "严格生态环境执法",
                content: "实施双随机一公开执法检查，推进督察反馈问题和群众信访件办理。",
                task_goal: "环境违法行为依法查处，信访件按时办结。",
                indicators: &[
                    i("执法检查企业数量", QN, V::N(Ge, 100, 800, "家次")),
                    i("环境信访件办结率", QL, V::P(Op::Eq, 100, 100)),
                    i("督察整改任务按期完成率", TM, V::P(Op::Eq, 100, 100)),
                    i("突发环境事件", EO, V::T(&["零发生"])),
                ],
            },
        ],
        general: &[
            i("生态环境宣传活动次数", QN, V::N(Ge, 5, 20, "次")),
            i("环境治理长效机制", SU, V::T(&["建立并持续运行"])),
            i("污染物减排量", EO, V::N(Ge, 10, 80, "吨")),
        ],
        satisfaction: &["公众生态环境满意度", "服务对象满意度"],
        unit_cost: ("单个站点年运维成本", 60000, 180000, "元/个"),
    },
    Kind {
        name: "农业农村局",
        slug: "agriculture",
        functions: "负责辖区农业农村发展规划，统筹推进乡村振兴，承担粮食生产、农产品质量安全、动植物疫病防控和农村人居环境整治等工作。",
        goal: "稳定粮食生产，保障重要农产品供给，扎实推进乡村振兴。",
        units: &["农业技术推广中心", "动物疫病预防控制中心", "农村经营管理站"],
        topics: &[
            Topic {
                projects: ["耕地地力保护补贴", "高标准农田建设"],
                goal: "稳定粮食播种面积，建设旱涝保收的高标准农田。",
                task: "保障粮食安全",
                content: "落实耕地地力保护补贴，实施高标准农田新建和提升改造。",
                task_goal: "粮食播种面积和产量保持稳定。",
                indicators: &[
                    i("粮食播种面积", QN, V::N(Ge, 3, 12, "万亩")),
                    i("新建高标准农田面积", QN, V::N(Ge, 1000, 8000, "亩")),
                    i("补贴资金兑付率", TM, V::P(Op::Eq, 100, 100)),
                    i("工程验收合格率", QL, V::P(Op::Eq, 100, 100)),
                    i("亩均粮食增产", EC, V::N(Ge, 20, 60, "公斤")),
                ],
            },
            Topic {
                projects: ["重大动物疫病强制免疫", "病死畜禽无害化处理"],
                goal: "做好重大动物疫病强制免疫，防止区域性疫情发生。",
                task: "防控重大动物疫病",
                content: "开展春秋两季集中免疫和免疫效果监测，规范病死畜禽收集处理。",
                task_goal: "不发生区域性重大动物疫情。",
                indicators: &[
                    i("应免畜禽免疫密度", QN, V::P(Ge, 90, 95)),
                    i("免疫抗体合格率", QL, V::P(Ge, 70, 80)),
                    i("病死畜禽无害化处理率", EO, V::P(Op::Eq, 100, 100)),
                    i("区域性重大动物疫情", SO, V::T(&["零发生"])),
                ],
            },
            Topic {
                projects: ["农村人居环境整治", "农村厕所改造"],
                goal: "改善农村人居环境，建设整洁宜居的美丽乡村。",
                task: "整治农村人居环境",
                content: "推进农村生活垃圾和污水治理，实施户厕改造和村庄清洁行动。",
                task_goal: "村庄环境干净整洁有序。",
                indicators: &[
                    i("户厕改造数量", QN, V::N(Ge, 200, 1500, "户")),
                    i("生活污水治理行政村覆盖率", EO, V::P(Ge, 60, 90)),
                    i("村庄保洁覆盖率", QN, V::P(Op::Eq, 100, 100)),
                    i("改厕质量合格率", QL, V::P(Ge, 95, 100)),
                ],
            },
            Topic {
                projects: ["农产品质量安全监管", "基层农技推广体系建设"],
                goal: "提升农产品质量安全水平，推广先进适用农业技术。",
                task: "提升农产品质量安全水平",
                content: "开展农产品例行监测和农药残留快速检测，组织农技人员进村入户指导。",
                task_goal: "农产品质量安全监测合格率保持在98%左右。",
                indicators: &[
                    i("农产品抽检批次", QN, V::N(Ge, 500, 3000, "批次")),
                    i("农产品监测合格率", QL, V::P(Ge, 97, 99)),
                    i("主推技术到位率", QL, V::P(Ge, 90, 96)),
                    i("农民培训人次", QN, V::N(Ge, 300, 2000, "人次")),
                    i("带动农户增收", EC, V::N(Ge, 300, 1200, "元/户")),
                ],
            },
        ],
        general: &[
            i("新型农业经营主体培育数", SU, V::N(Ge, 3, 15, "家")),
            i("农村集体经济收入增长率", EC, V::P(Ge, 3, 8)),
        ],
        satisfaction: &["农户满意度", "受益群众满意度", "服务对象满意度"],
        unit_cost: ("高标准农田亩均投入", 1500, 3000, "元/亩"),
    },
    Kind {
        name: "文化广电旅游体育局",
        slug: "culture",
        functions: "负责辖区文化、广播电视、旅游和体育事业发展，管理公共文化服务设施，组织群众性文化体育活动，监管文化旅游市场。",
        goal: "完善公共文化服务体系，繁荣群众文化体育活动，推动文旅融合高质量发展。",
        units: &["文化馆", "图书馆", "体育中心"],
        topics: &[
            Topic {
                projects: ["公共文化服务体系建设", "图书馆免费开放补助"],
                goal: "保障公共文化场馆免费开放，丰富群众精神文化生活。",
                task: "提升公共文化服务效能",
                content: "推进文化馆、图书馆免费开放和总分馆建设，开展送戏下乡和公益讲座。",
                task_goal: "公共文化服务覆盖城乡，群众参与人次增加。",
                indicators: &[
                    i("送戏下乡场次", QN, V::N(Ge, 20, 80, "场")),
                    i("图书馆年接待读者人次", QN, V::N(Ge, 5, 30, "万人次")),
                    i("场馆免费开放天数", QN, V::N(Ge, 300, 330, "天")),
                    i("公益讲座场次", QN, V::N(Ge, 12, 48, "场")),
                    i("公共文化设施正常开放率", QL, V::P(Op::Eq, 100, 100)),
                ],
            },
            Topic {
                projects: ["文物保护与修缮", "非物质文化遗产保护传承"],
                goal: "加强文物安全和非遗保护传承，延续历史文脉。",
                task: "保护传承历史文化",
                content: "实施文物保护单位修缮和安全巡查，支持非遗传承人开展传承活动。",
                task_goal: "文物安全形势平稳，非遗项目传承有序。",
                indicators: &[
                    i("文物巡查次数", QN, V::N(Ge, 12, 48, "次")),
                    i("修缮工程验收合格率", QL, V::P(Op::Eq, 100, 100)),
                    i("非遗展示活动场次", QN, V::N(Ge, 4, 20, "场")),
                    i("文物安全事故", SO, V::T(&["零发生"])),
                    i("非遗传承人带徒数量", SU, V::N(Ge, 10, 50, "人")),
                ],
            },
            Topic {
                projects: ["全民健身设施建设", "群众体育赛事活动"],
                goal: "完善全民健身设施网络，广泛开展群众性体育赛事。",
                task: "推进全民健身",
                content: "新建和更新社区健身路径，举办群众性体育赛事和健身指导活动。",
                task_goal: "经常参加体育锻炼的人数比例达到上级要求。",
                indicators: &[
                    i("新建更新健身路径数量", QN, V::N(Ge, 10, 50, "条")),
                    i("举办群众体育赛事", QN, V::N(Ge, 8, 30, "场")),
                    i("健身设施完好率", QL, V::P(Ge, 90, 98)),
                    i("经常参加体育锻炼人数比例", SO, V::P(Ge, 38, 45)),
                ],
            },
            Topic {
                projects: ["文化旅游市场监管", "全域旅游宣传推广"],
                goal: "规范文化旅游市场秩序，提升区域旅游知名度。",
                task: "促进文旅融合发展",
                content: "开展文化市场综合执法检查，组织旅游宣传推介和节庆活动。",
                task_goal: "文旅市场秩序规范，旅游接待人次增长。",
                indicators: &[
                    i("文化市场检查场所数", QN, V::N(Ge, 200, 800, "家次")),
                    i("旅游宣传推介活动", QN, V::N(Ge, 3, 12, "场")),
                    i("旅游接待人次增长率", EC, V::P(Ge, 5, 12)),
                    i("旅游投诉处理时限", TM, V::W(5, 10, "个工作日")),
                ],
            },
        ],
        general: &[
            i("广播电视公共服务覆盖率", SO, V::P(Ge, 98, 100)),
            i("文化志愿服务人次", SU, V::N(Ge, 500, 3000, "人次")),
        ],
        satisfaction: &["群众满意度", "观众满意度", "游客满意度"],
        unit_cost: ("单场演出平均成本", 5000, 20000, "元/场"),
    },
    Kind {
        name: "市场监督管理局",
        slug: "market",
        functions: "负责辖区市场主体登记注册和信用监管，承担食品药品安全、特种设备安全、产品质量和计量标准等监督管理及消费者权益保护工作。",
        goal: "守牢食品药品和特种设备安全底线，优化营商环境，维护公平竞争的市场秩序。",
        units: &["市场监督管理所", "质量计量检测所", "消费者权益保护中心"],
        topics: &[
            Topic {
                projects: ["食品安全抽检监测", "校园食品安全专项整治"],
                goal: "开展食品安全监督抽检，及时发现和处置风险隐患。",
                task: "守护舌尖上的安全",
                content: "按计划实施食品安全抽检，开展校园及周边食品安全检查和风险排查。",
                task_goal: "不发生重大食品安全事故。",
                indicators: &[
                    i("食品抽检批次", QN, V::N(Ge, 1000, 5000, "批次")),
                    i("不合格食品核查处置率", QL, V::P(Op::Eq, 100, 100)),
                    i("抽检信息公布时限", TM, V::W(20, 30, "个工作日")),
                    i("校园食堂检查覆盖率", QN, V::P(Op::Eq, 100, 100)),
                    i("重大食品安全事故", SO, V::T(&["零发生"])),
                ],
            },
            Topic {
                projects: ["特种设备安全监察", "电梯安全监管"],
                goal: "加强特种设备安全监察，消除设备运行安全隐患。",
                task: "加强特种设备安全监管",
                content: "开展电梯、锅炉和压力容器等设备的监督检查，推进电梯安全责任保险。",
                task_goal: "特种设备万台死亡率控制在上级下达指标以内。",
                indicators: &[
                    i("特种设备检查台次", QN, V::N(Ge, 500, 3000, "台次")),
                    i("隐患整改完成率", QL, V::P(Op::Eq, 100, 100)),
                    i("特种设备定期检验率", QL, V::P(Ge, 98, 100)),
                    i("电梯困人救援到场时间", TM, V::N(Le, 20, 30, "分钟")),
                ],
            },
            Topic {
                projects: ["消费者权益保护经费", "投诉举报热线处置"],
                goal: "畅通消费投诉渠道，依法化解消费纠纷。",
                task: "优化消费环境",
                content: "受理处置投诉举报，开展放心消费创建和消费教育活动。",
                task_goal: "消费纠纷调解成功率保持在80%以上。",
                indicators: &[
                    i("投诉举报处理数量", QN, V::N(Ge, 3000, 15000, "件")),
                    i("投诉按时办结率", TM, V::P(Ge, 98, 100)),
                    i("消费纠纷调解成功率", QL, V::P(Ge, 80, 90)),
                    i("放心消费示范单位创建数", SU, V::N(Ge, 10, 50, "家")),
                ],
            },
            Topic {
                projects: ["产品质量监督抽查", "计量器具强制检定"],
                goal: "提升产品质量和计量监管水平，服务企业高质量发展。",
                task: "提升质量基础支撑能力",
                content: "开展重点工业产品监督抽查和民生计量器具强制检定，推进企业标准化建设。",
                task_goal: "重点产品质量合格率保持稳定。",
                indicators: &[
                    i("产品质量监督抽查批次", QN, V::N(Ge, 100, 600, "批次")),
                    i("强制检定计量器具数量", QN, V::N(Ge, 2000, 12000, "台件")),
                    i("检定结果准确率", QL, V::P(Op::Eq, 100, 100)),
                    i("检定证书出具时限", TM, V::W(5, 10, "个工作日")),
                ],
            },
        ],
        general: &[
            i("新登记市场主体数量", EC, V::N(Ge, 3000, 15000, "户")),
            i("双随机抽查事项覆盖率", QN, V::P(Op::Eq, 100, 100)),
            i("信用修复办结时限", TM, V::W(3, 5, "个工作日")),
        ],
        satisfaction: &["消费者满意度", "市场主体满意度", "服务对象满意度"],
        unit_cost: ("单批次食品抽检成本", 1200, 2500, "元/批次"),
    },
    Kind {
        name: "人力资源和社会保障局",
        slug: "hrss",
        functions: "负责辖区就业创业、社会保险、人才队伍建设、劳动关系协调和劳动保障监察等工作。",
        goal: "稳定和扩大就业，完善社会保障体系，构建和谐劳动关系。",
        units: &["公共就业服务中心", "社会保险基金管理中心", "劳动人事争议仲裁院"],
        topics: &[
            Topic {
                projects: ["就业创业补贴", "公共就业服务专项经费"],
                goal: "落实就业创业扶持政策，帮助重点群体实现就业。",
                task: "稳定和扩大就业",
                content: "开展招聘活动和就业援助，落实创业担保贷款贴息和社保补贴。",
                task_goal: "城镇登记失业率控制在目标以内。",
                indicators: &[
                    i("城镇新增就业人数", QN, V::N(Op::Gt, 3000, 15000, "人")),
                    i("举办招聘会场次", QN, V::N(Ge, 10, 50, "场")),
                    i("就业困难人员帮扶就业率", QL, V::P(Ge, 90, 98)),
                    i("城镇登记失业率", SO, V::P(Le, 3, 4)),
                    i("补贴审核办结时限", TM, V::W(10, 20, "个工作日")),
                ],
            },
            Topic {
                projects: ["职业技能提升培训", "高技能人才培养"],
                goal: "大规模开展职业技能培训，提升劳动者就业能力。",
                task: "推进技能人才培养",
                content: "组织企业职工和重点群体参加职业技能培训和技能等级认定。",
                task_goal: "培训后取证率和就业率达到上级要求。",
                indicators: &[
                    i("职业技能培训人次", QN, V::N(Ge, 1000, 8000, "人次")),
                    i("培训后取证率", QL, V::P(Ge, 80, 90)),
                    i("新增高技能人才", SU, V::N(Ge, 200, 1500, "人")),
                    i("培训补贴发放及时率", TM, V::P(Op::Eq, 100, 100)),
                ],
            },
            Topic {
                projects: ["城乡居民养老保险经办", "社会保险基金监管"],
                goal: "扩大社会保险覆盖面，确保待遇按时足额发放。",
                task: "完善社会保障体系",
                content: "推进全民参保登记，做好城乡居民养老保险待遇发放和基金风险防控。",
                task_goal: "基本养老保险参保率保持在95%以上。",
                indicators: &[
                    i("基本养老保险参保率", QN, V::P(Ge, 95, 98)),
                    i("待遇按时足额发放率", TM, V::P(Op::Eq, 100, 100)),
                    i("基金稽核覆盖率", QL, V::P(Ge, 90, 100)),
                    i("经办业务差错率", QL, V::P(Lt, 1, 2)),
                ],
            },
            Topic {
                projects: ["劳动保障监察执法", "劳动人事争议仲裁"],
                goal: "依法处置拖欠工资等违法行为，及时化解劳动人事争议。",
                task: "构建和谐劳动关系",
                content: "开展根治欠薪专项行动，规范劳动人事争议调解仲裁。",
                task_goal: "欠薪案件动态清零，争议案件依法按期结案。",
                indicators: &[
                    i("劳动保障监察案件结案率", QL, V::P(Ge, 95, 100)),
                    i("仲裁案件法定审限内结案率", TM, V::P(Ge, 95, 100)),
                    i("检查用人单位数量", QN, V::N(Ge, 200, 1000, "户")),
                    i("争议调解成功率", SO, V::P(Ge, 60, 75)),
                ],
            },
        ],
        general: &[
            i("人事考试组织场次", QN, V::N(Ge, 5, 20, "场")),
            i("政务服务事项网上可办率", QL, V::P(Ge, 95, 100)),
        ],
        satisfaction: &["参保群众满意度", "求职者满意度", "服务对象满意度"],
        unit_cost: ("人均培训补贴标准", 800, 2000, "元/人"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn kinds_are_complete() {
        assert!(KINDS.len() >= 8);
        let mut slugs = HashSet::new();
        for k in KINDS {
            assert!(slugs.insert(k.slug), "duplicate slug {}", k.slug);
            assert!(!k.units.is_empty() && !k.satisfaction.is_empty());
            assert!(k.topics.len() >= 4, "{} has too few topics", k.name);
            let n: usize = k.topics.iter().map(|t| t.indicators.len()).sum::<usize>() + k.general.len();
            assert!((10..=25).contains(&n), "{} has {n} indicators", k.name);
            let mut names = HashSet::new();
            for ind in k.topics.iter().flat_map(|t| t.indicators.iter()).chain(k.general).chain(GENERIC) {
                assert!(names.insert(ind.name), "{}: duplicate indicator {}", k.name, ind.name);
                assert!(!VAGUE.contains(&ind.name));
                if let V::T(xs) = ind.v {
                    assert!(!xs.is_empty());
                    assert!(xs.iter().all(|x| !VAGUE.contains(x)));
                }
            }
        }
    }

    #[test]
    fn syllables_make_enough_names() {
        assert!(FIRST.len() * SECOND.len() >= 500);
    }
}
