from build_tools.clean.repeats import remove_repeated_blocks, remove_stutters
from helpers import page, run_rule

A = "锦州数字城是今年锦州全力推进的14个重点项目之一，这些项目总投资额超过500亿元。"
B = "锦州港航道改扩建工程正在紧张进行，锦州港现有主航道为15万吨级。"
C = "平静的海面上挖泥船正在作业，项目于2021年5月开工，预计2024年完工。"


def test_a_run_printed_twice_in_a_row_keeps_one_copy():
    assert run_rule(remove_repeated_blocks, page("标题", A, B, A, B, C)) == page("标题", A, B, C)


def test_a_run_printed_again_further_down_keeps_the_first_place():
    assert run_rule(remove_repeated_blocks, page(A, B, "小标题", C, A, B)) == page(A, B, "小标题", C)


def test_a_near_copy_counts_and_the_better_reading_is_kept():
    misread = A.replace("推进", "推迸").replace("项目", "顶目")
    assert run_rule(remove_repeated_blocks, page(misread, B, A)) == page(A, B)
    assert run_rule(remove_repeated_blocks, page(A, B, misread)) == page(A, B)


def test_a_copy_split_differently_by_a_column_break_counts():
    cut = A.index("总投资")
    assert run_rule(remove_repeated_blocks, page(A, B, A[:cut], A[cut:], C)) == page(A, B, C)


def test_short_blocks_and_different_paragraphs_stay():
    text = page("本报记者 崔治", A, "本报记者 崔治", B, C)
    assert run_rule(remove_repeated_blocks, text) == text


def test_a_clause_stuttered_in_a_row_keeps_one_copy():
    text = "推动党组织作用向城市“神经末梢”延伸，党组织作用向城市“神经末梢”延伸，党组织作用向城市“神经末梢”延伸，打通服务群众。"
    assert run_rule(remove_stutters, text) == "推动党组织作用向城市“神经末梢”延伸，打通服务群众。"
    near = "伊朗改变单位99个，伊朗改百单位99个，同比增长。"
    assert run_rule(remove_stutters, near) == "伊朗改变单位99个，同比增长。"


def test_chinese_reduplication_and_parallel_clauses_stay():
    for text in ["大家研究研究，看看再说。", "无人不创新、无时不创新、无处不创新。", "这一路，锦州攻坚克难；这一路，锦州勤耕不辍。", "常常，天天，年年。"]:
        assert run_rule(remove_stutters, text) == text


def test_reduplication_and_a_name_called_twice_are_not_stutters():
    for text in ["他们一块石头一块石头地垒起了堤坝。", "“小明，小明，快回来。”", "一步一步，一步一步地走到今天。"]:
        assert run_rule(remove_stutters, text) == text


def test_a_sentence_quoted_again_as_a_pull_quote_is_not_a_repeated_block():
    long = "据了解，基金年度经费由1987年设立时的600万元已增加到目前的1100万元。10年来，基金共资助1100人，资助经费总额达6693万元，平均资助强度为6万元。"
    quote = "基金年度经费由1987年设立时的600万元已增加到目前的1100万元。"
    assert run_rule(remove_repeated_blocks, page("标题", long, quote, C)) == page("标题", long, quote, C)


def test_parallel_clauses_differing_in_a_word_are_not_a_misread_stutter():
    for text in ["城镇选区每一代表所代表的人口数大体相等，农村选区每一代表所代表的人口数大体相等，缩短了名单。",
                 "番禺市沙湾镇骏业有限公司、番禺市沙湾镇强业机械有限公司、山东淄川华夏刚玉管厂等4家企业。"]:
        assert run_rule(remove_stutters, text) == text



def test_the_first_print_of_a_lead_paragraph_that_holds_the_title_stays():
    title = "余村：绿水青山就是金山银山"
    lead = "本报安吉3月12日电 初春时节走进余村，“绿水青山就是金山银山”的标语格外醒目。二十年前，这里还是尘土飞扬的矿区。"
    assert run_rule(remove_repeated_blocks, page(title, lead, lead, C)) == page(title, lead, C)
