//! The migration binary: `my-app-db migrate --database-url ...` in CI or a k8s init
//! container; `status`, `diff` and `repair` for operators.

fn main() -> std::process::ExitCode {
    my_app_db::run_service()
}
