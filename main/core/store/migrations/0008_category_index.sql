-- The explorer's category filter (store/explorer.ts): where a category is rare in the runs in
-- scope, a page starts from the category's samples instead of walking the runs' predictions.
CREATE INDEX samples_by_category ON samples(category);
