// The cache of DESIGN.md: `?` and `return` at the call, the miss boxed.
impl Cache {
    #[fast_async]
    pub async fn get(&self, key: &str) -> Result<String, Error> {
        let key = normalize(key)?;
        if let Some(v) = self.map.get(&key) {
            return Ok(v.clone());
        }
        let v = self.db.fetch(&key).await?;
        self.map.insert(key, v.clone());
        Ok(v)
    }
}
