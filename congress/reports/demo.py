"""Demo content for report review: the two work reports, tabled, with a recorder marked in
every delegation and a draft resolution. The texts are written for the demo; any likeness to
a real report is in the genre, not the facts."""
from congress.reports import groups, resolutions, services

PARTY_COMMITTEE_REPORT = """\
# 中共合肥市委员会工作报告

## 一、过去一年的主要工作

过去一年，市委坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，团结带领全市广大党员干部群众，坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，经济社会发展取得新的成效。

### （一）坚持创新驱动，发展动能持续增强

全社会研发投入强度达到3.6%，新增国家级高新技术企业1,200家，科技成果就地转化项目超过1,800项。综合性国家科学中心建设扎实推进，一批“从0到1”的原创成果在合肥诞生。

| 指标 | 2026年 | 比上年增长 |
|---|---|---|
| 地区生产总值 | 1.39万亿元 | 5.9% |
| 规模以上工业增加值 | — | 8.2% |
| 城乡居民人均可支配收入 | 5.8万元 | 5.1% |

### （二）坚持人民至上，民生福祉不断改善

全年民生支出占一般公共预算支出的比重保持在八成以上。新建改扩建中小学、幼儿园62所，新增学位5.4万个；改造老旧小区316个，惠及居民11.2万户；基本养老、医疗保险覆盖面进一步扩大。

### （三）坚持全面从严治党，政治生态持续向好

深入开展党纪学习教育，严格落实中央八项规定及其实施细则精神，持续整治形式主义为基层减负。基层党组织“领头雁”工程深入实施，党代表工作室接待群众来访2.3万人次，推动解决急难愁盼问题1.6万件。

## 二、今后一年的主要任务

今后一年，是全面落实市第十二次党代会部署的关键之年。全市各级党组织要锚定目标、真抓实干，奋力推进中国式现代化合肥实践。

### （一）加快建设现代化产业体系

坚持以科技创新引领产业创新，做强新能源汽车、集成电路、新型显示等主导产业，培育未来产业，力争战略性新兴产业产值占规模以上工业比重提高到60%以上。

### （二）持续增进民生福祉

扎实办好民生实事，稳就业、保基本、兜底线，推动优质教育、医疗资源向县区和农村延伸，让改革发展成果更多更公平惠及全体人民。
"""

DISCIPLINE_REPORT = """\
# 中共合肥市纪律检查委员会工作报告

## 一、过去一年的主要工作

一年来，市纪委监委在省纪委监委和市委的坚强领导下，坚持严的基调、严的措施、严的氛围，一体推进不敢腐、不能腐、不想腐，为全市高质量发展提供坚强纪律保障。

### （一）强化政治监督

围绕重大决策部署落实开展专项监督检查，督促各级党组织和党员干部把“两个维护”落实到具体行动上。全年开展监督检查1,450次，发现并推动整改问题3,200余个。

### （二）持之以恒正风肃纪

紧盯“四风”隐形变异问题，查处违反中央八项规定精神问题186起，批评教育帮助和处理253人。深化整治群众身边不正之风和腐败问题，推动解决群众反映强烈的问题一批。

| 项目 | 件数 |
|---|---|
| 受理信访举报 | 4,860 |
| 立案审查调查 | 1,032 |
| 给予党纪政务处分 | 968 |

### （三）一体推进“三不腐”

坚持查办案件与整改整治、完善制度、警示教育贯通发力，召开以案促改警示教育会120余场，制发纪检监察建议书85份，推动堵塞制度漏洞。

## 二、今后一年的主要任务

坚持以党的自我革命引领社会革命，聚焦“国之大者”强化政治监督，深化整治群众身边不正之风和腐败问题，加强纪检监察干部队伍建设，以高质量监督保障高质量发展。
"""

RESOLUTION_TEXT = """\
中国共产党合肥市第十二次代表大会2026年年会听取和审议了中共合肥市委员会工作报告和中共合肥市纪律检查委员会工作报告。

会议同意这两个报告。会议号召，全市各级党组织和广大党员要更加紧密地团结在以习近平同志为核心的党中央周围，锐意进取、真抓实干，为奋力谱写中国式现代化合肥篇章而努力奋斗。"""


def seed_reports(meeting):
    """Table the two work reports, mark a recorder in each delegation, draft the resolution."""
    reports = []
    for kind, text, name in (("party_committee", PARTY_COMMITTEE_REPORT, "市委工作报告.md"),
                             ("discipline", DISCIPLINE_REPORT, "市纪委工作报告.md")):
        report = services.create_report(None, meeting, kind=kind, title="", filename=name,
                                        data=text.encode())
        services.table_version(None, report.versions[0])
        reports.append(report)
    for delegation in meeting.delegations:
        if delegation.delegates:
            groups.set_recorder(None, meeting, delegation, delegation.delegates[0])
    resolutions.draft_resolution(None, meeting, title="关于两个工作报告的决议",
                                 text=RESOLUTION_TEXT, reports=reports)
    return reports
