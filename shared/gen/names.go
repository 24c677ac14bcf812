package gen

// place is the stem of a town or street name with its pinyin and the kind
// of unit it names.
type place struct {
	pinyin, hanzi string
	town          bool // 镇 (town) rather than 街道 (street office)
}

// shizhongPlaces are the towns and streets of a district like Shizhong, the
// first units of every generated district.
var shizhongPlaces = []place{
	{"wenhualu", "文化路", false},
	{"guangminglu", "光明路", false},
	{"zhongxinjie", "中心街", false},
	{"longshanlu", "龙山路", false},
	{"kuangqu", "矿区", false},
	{"getabu", "垎塔埠", false},
	{"shuiguo", "税郭", true},
	{"mengzhuang", "孟庄", true},
	{"qicun", "齐村", true},
	{"yongan", "永安", true},
	{"xiwangzhuang", "西王庄", true},
	{"jianshelu", "建设路", false},
}

// Syllables that compose further place names (first × second: 256 names).
var (
	placeFirst = []place{
		{"dong", "东", false}, {"xi", "西", false}, {"nan", "南", false}, {"bei", "北", false},
		{"jin", "金", false}, {"yin", "银", false}, {"qing", "青", false}, {"hong", "红", false},
		{"long", "龙", false}, {"feng", "凤", false}, {"ping", "平", false}, {"xin", "新", false},
		{"fu", "福", false}, {"shun", "顺", false}, {"tai", "泰", false}, {"kang", "康", false},
	}
	placeSecond = []place{
		{"shan", "山", false}, {"he", "河", true}, {"hu", "湖", false}, {"qiao", "桥", true},
		{"tang", "塘", true}, {"ling", "岭", true}, {"zhuang", "庄", true}, {"ying", "营", true},
		{"ji", "集", true}, {"dian", "店", true}, {"yuan", "园", false}, {"gang", "港", false},
		{"lin", "林", true}, {"quan", "泉", false}, {"po", "坡", true}, {"wan", "湾", false},
	}
)

// department is a district department: its id and name.
type department struct{ id, name string }

// departments are the district departments, the most asked first.
var departments = []department{
	{"zhujianju", "区住房和城乡建设局"},
	{"jiaotiju", "区教育和体育局"},
	{"shichangjianguanju", "区市场监督管理局"},
	{"renshebaoju", "区人力资源和社会保障局"},
	{"zonghezhifaju", "区综合行政执法局"},
	{"gonganfenju", "区公安分局"},
	{"weijianju", "区卫生健康局"},
	{"gongdian", "区供电公司"},
	{"gongshui", "区供水公司"},
	{"ranqi", "区燃气公司"},
	{"gongre", "区供热公司"},
	{"jiaotongju", "区交通运输局"},
	{"minzhengju", "区民政局"},
	{"ziranziyuanju", "区自然资源局"},
	{"shengtaihuanjing", "区生态环境分局"},
	{"nongyenongcunju", "区农业农村局"},
	{"yibaoju", "区医疗保障局"},
	{"xingzhengshenpiju", "区行政审批服务局"},
	{"shuiwuju", "区税务局"},
	{"gongjijin", "区住房公积金管理中心"},
	{"shebaozhongxin", "区社会保险事业中心"},
	{"budongchan", "区不动产登记中心"},
	{"fangchan", "区房产服务中心"},
	{"wenlvju", "区文化和旅游局"},
	{"shangwuju", "区商务局"},
	{"shuiliju", "区水利局"},
	{"yingjiju", "区应急管理局"},
	{"tuiyijunrenju", "区退役军人事务局"},
	{"sifaju", "区司法局"},
	{"jiaojing", "区公安交警大队"},
	{"caizhengju", "区财政局"},
	{"fagaiju", "区发展和改革局"},
	{"gongxinju", "区工业和信息化局"},
	{"kejiju", "区科学技术局"},
	{"jikongzhongxin", "区疾病预防控制中心"},
	{"renminyiyuan", "区人民医院"},
	{"zhongyiyuan", "区中医院"},
	{"xiaofang", "区消防救援大队"},
	{"yuanlin", "区园林绿化服务中心"},
	{"xinfangju", "区信访局"},
	{"shenjiju", "区审计局"},
	{"tongjiju", "区统计局"},
	{"jiguanshiwu", "区机关事务服务中心"},
	{"rongmeiti", "区融媒体中心"},
	{"youzheng", "区邮政分公司"},
	{"chengtou", "区城市建设投资集团"},
	{"zonggonghui", "区总工会"},
	{"fulian", "区妇联"},
	{"canlian", "区残联"},
	{"tuanquwei", "团区委"},
}

// stations are the kinds of local offices of departments in a town or
// street, the departments beyond the list above.
var stations = []department{
	{"paichusuo", "派出所"},
	{"sifasuo", "司法所"},
	{"shichangjianguansuo", "市场监管所"},
	{"gongdiansuo", "供电所"},
	{"weishengyuan", "卫生院"},
	{"ziranziyuansuo", "自然资源所"},
}

// categories are the subjects of demands, the optional category of an
// assignment.
var categories = []string{
	"城乡建设", "物业管理", "住房保障", "城市管理", "环境保护", "噪声扰民",
	"供水", "供电", "供气", "供暖", "交通出行", "市场监管", "消费维权",
	"劳动保障", "拖欠工资", "教育", "医疗卫生", "社会保障", "民政救助",
	"农业农村", "公共安全", "文化旅游", "企业诉求", "政务服务",
}

// refusalReasons are the centre's reasons for refusing a return; waiverReasons
// and retractionReasons those of its corrections.
var (
	refusalReasons    = []string{"属于本单位职责范围，请继续办理", "回退理由不充分，请与反映人联系后办理", "已协调相关部门配合，请继续办理"}
	waiverReasons     = []string{"申诉成立：经核实已按时办结", "申诉成立：通报所列情形不属实"}
	retractionReasons = []string{"会议缺席记录录入错误", "重复录入"}
)

// returnReasons are the reasons of ordinary returns; noncompliantReasons
// those of demands that belong to another channel.
var (
	returnReasons = []string{
		"非本单位职责范围", "诉求地点不在本辖区", "诉求内容不清，无法办理",
		"涉及多个部门，请重新派单", "已有明确处理结论",
	}
	noncompliantReasons = []string{
		"属于诉讼程序", "属于仲裁程序", "属于纪检监察事项", "属于行政复议事项",
		"属于政府信息公开申请", "属于信访事项",
	}
)

// redoReasons are the values of a redo's reason (event.RedoReasons) other
// than callback_dissatisfied, which follows a dissatisfied callback.
var redoReasons = []string{"false_report", "poor_quality", "buck_passing"}
