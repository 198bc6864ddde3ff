//! The `XLSForm` import's benchmark, a plain binary (`cargo bench --bench
//! import`): a generated 5,000-question `XLSForm` (.xlsx, 50 groups, selects,
//! numbers, yes/no lists, conditions) imported the whole way — file read,
//! workbook parsed by calamine, mapped, YAML written and loaded back through
//! the validator — against loading and validating the equivalent tana
//! questionnaire. The form is left at `target/import-bench-5000.xlsx` so
//! that pyxform's `xls2xform` can be timed on the same file (the product
//! target: at least 100× faster than xls2xform).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tana::questionnaire::Questionnaire;
use tana::xlsform::{self, Origin, read};

const QUESTIONS: usize = 5_000;
const GROUP: usize = 100;

fn bench<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> Duration {
    for _ in 0..runs.div_ceil(10) {
        black_box(f());
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: usize| times[(times.len() - 1) * q / 100];
    println!(
        "{name:<48} median {:>9.2?}  p99 {:>9.2?}  max {:>9.2?}  ({runs} runs)",
        at(50),
        at(99),
        times[times.len() - 1]
    );
    at(50)
}

/// Writes the generated form: 50 groups of 100 questions each, every
/// fifth a `select_one` over a 5-choice list, every fifth an integer with a
/// range, a yes/no gate per group that the others' `relevant` reads.
#[allow(clippy::too_many_lines, clippy::cast_possible_truncation)] // one generated form; columns and rows are few
fn write_form(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let survey = book.add_worksheet();
    survey.set_name("survey").unwrap();
    let header = [
        "type",
        "name",
        "label::English (en)",
        "label::Français (fr)",
        "hint::English (en)",
        "required",
        "relevant",
        "constraint",
    ];
    for (c, h) in header.iter().enumerate() {
        survey.write_string(0, c as u16, *h).unwrap();
    }
    let mut row = 1u32;
    let mut put = |cells: &[&str]| {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                survey.write_string(row, c as u16, *v).unwrap();
            }
        }
        row += 1;
    };
    for g in 0..QUESTIONS / GROUP {
        let group = format!("area_{g}");
        put(&[
            "begin group",
            &group,
            &format!("Area {g}"),
            &format!("Domaine {g}"),
        ]);
        let gate = format!("g{g}_gate");
        put(&[
            "select_one yes_no",
            &gate,
            "Does this apply?",
            "Est-ce applicable ?",
            "",
            "yes",
        ]);
        for q in 1..GROUP {
            let name = format!("g{g}_q{q}");
            let relevant = format!("${{{gate}}} = 'yes'");
            let (kind, constraint) = match q % 5 {
                0 => ("select_one level", ""),
                1 => ("integer", ". >= 0 and . <= 1000"),
                2 => ("select_multiple bodies", ""),
                3 => ("date", ""),
                _ => ("text", ""),
            };
            put(&[
                kind,
                &name,
                &format!("Question {q} of area {g}: what is the situation?"),
                &format!("Question {q} du domaine {g} : quelle est la situation ?"),
                "Ask for the documents that show it.",
                "",
                &relevant,
                constraint,
            ]);
        }
        put(&["end group"]);
    }
    let choices = book.add_worksheet();
    choices.set_name("choices").unwrap();
    for (c, h) in [
        "list_name",
        "name",
        "label::English (en)",
        "label::Français (fr)",
    ]
    .iter()
    .enumerate()
    {
        choices.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("yes_no", "yes", "Yes", "Oui"),
        ("yes_no", "no", "No", "Non"),
        ("level", "0", "Absent", "Absent"),
        ("level", "1", "Ad hoc", "Ponctuel"),
        ("level", "2", "Established", "Établi"),
        ("level", "3", "Strategic", "Stratégique"),
        ("level", "4", "Reviewed", "Évalué"),
        ("bodies", "police", "Police", "Police"),
        ("bodies", "courts", "Courts", "Tribunaux"),
        ("bodies", "customs", "Customs", "Douanes"),
    ];
    for (r, (list, name, en, fr)) in rows.iter().enumerate() {
        for (c, v) in [list, name, en, fr].iter().enumerate() {
            choices.write_string(r as u32 + 1, c as u16, **v).unwrap();
        }
    }
    let settings = book.add_worksheet();
    settings.set_name("settings").unwrap();
    for (c, (h, v)) in [
        ("form_title", "Generated assessment"),
        ("form_id", "generated"),
        ("version", "1"),
        ("default_language", "English (en)"),
    ]
    .iter()
    .enumerate()
    {
        settings.write_string(0, c as u16, *h).unwrap();
        settings.write_string(1, c as u16, *v).unwrap();
    }
    book.save(path).unwrap();
}

fn main() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/import-bench-5000.xlsx");
    write_form(&path);
    let paths = vec![path.clone()];
    let origin = Origin {
        file: "import-bench-5000.xlsx",
        stem: "import-bench-5000",
    };
    let once = xlsform::import(&read::read(&paths).unwrap(), &origin).unwrap();
    assert_eq!(once.questionnaire.questions.len(), QUESTIONS);
    println!(
        "form: {} ({} KiB), {} questions in {} sections; questionnaire YAML {} KiB",
        path.display(),
        std::fs::metadata(&path).unwrap().len() / 1024,
        once.counts.questions,
        once.counts.sections,
        once.yaml.len() / 1024
    );
    let yaml = once.yaml.clone();
    let load = bench(
        "load + validate the 5,000-question questionnaire",
        30,
        || Questionnaire::from_source(&yaml).unwrap(),
    );
    let parse = bench("  of which: parse the YAML (serde-saphyr)", 30, || {
        tana::yaml::parse::<tana::questionnaire::raw::RawQuestionnaire>(
            &yaml,
            tana::yaml::Limits::QUESTIONNAIRE,
        )
        .unwrap()
    });
    let read_only = bench("read the .xlsx (calamine)", 30, || {
        read::read(&paths).unwrap()
    });
    let import = bench("import the 5,000-question XLSForm (all of it)", 30, || {
        xlsform::import(&read::read(&paths).unwrap(), &origin).unwrap()
    });
    println!(
        "import / load+validate: {:.1}×; reading the workbook is {:.0}% of the import, parsing the YAML {:.0}% of load+validate",
        import.as_secs_f64() / load.as_secs_f64(),
        100.0 * read_only.as_secs_f64() / import.as_secs_f64(),
        100.0 * parse.as_secs_f64() / load.as_secs_f64()
    );
    println!(
        "time pyxform on the same file with: xls2xform --skip_validate {} /tmp/out.xml",
        path.display()
    );
}
