package httpapi

// The Chinese of the API's errors (issue 14): a mini-program or the page
// shows `message_zh` to a person as it is. A site that knows more than its
// code says (a month not published, a unit not in a result, a wrong
// password) sets Error.MessageZh itself; every other error gets the
// sentence of its code here, naming its field in Chinese where the field is
// known.

// codeZh is the Chinese of each error code.
var codeZh = map[string]string{
	EInvalid:          "请求有误，请检查后重试",
	EUnauthorized:     "身份验证未通过，请重新登录",
	EForbidden:        "没有进行此操作的权限",
	ENotFound:         "未找到所请求的内容",
	EMethodNotAllowed: "不支持此请求方式",
	EConflict:         "与已有记录冲突，或当前状态不允许此操作",
	ETooLarge:         "提交的内容超过大小上限，请分批提交",
	ETooManyRequests:  "登录失败次数过多，请稍后再试",
	EUnavailable:      "服务暂时不可用，请稍后重试",
	EInternal:         "服务器内部错误，请稍后重试",
}

// fieldZh names in Chinese the fields that errors name most, in the words
// of the page and the method.
var fieldZh = map[string]string{
	"month":      "月份",
	"year":       "年度",
	"unit":       "单位",
	"unit_id":    "单位",
	"units":      "单位名册",
	"to_unit_id": "改判单位",
	"group":      "分组",
	"version":    "版本",
	"view":       "视图",
	"limit":      "每页条数",
	"cursor":     "翻页位置",
	"id":         "账号",
	"password":   "密码",
	"reason":     "理由",
	"note":       "说明",
	"decision":   "处理决定",
	"rule":       "扣分项目",
	"event_id":   "扣分依据事件",
	"type":       "事件类型",
	"events":     "事件",
}

// withChinese returns e with its Chinese message: e itself when it has
// one, else a copy with the sentence of its code (e may be shared: it is
// never changed).
func withChinese(e *Error) *Error {
	if e.MessageZh != "" {
		return e
	}
	zh, ok := codeZh[e.Code]
	if !ok {
		zh = codeZh[EInternal]
	}
	if e.Code == EInvalid && e.Field != "" {
		name, ok := fieldZh[e.Field]
		if !ok {
			name = "字段 " + e.Field + " "
		}
		zh = "请求中的" + name + "有误，请检查后重试"
	}
	c := *e
	c.MessageZh = zh
	return &c
}
