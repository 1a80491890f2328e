// Several boxed branches in the opaque form share one box over a local enum.
#[fast_async]
async fn run(cmd: Command, store: &Store) -> Option<String> {
    match cmd {
        Command::Get(key) => store.cached(&key),
        Command::Fetch(key) => store.fetch(&key).await,
        Command::Refresh(key) if !key.is_empty() => {
            store.evict(&key);
            store.fetch(&key).await
        }
        Command::Refresh(_) => None,
    }
}
