FROM x
CMD ["a", ["b"]]
