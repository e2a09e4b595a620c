FROM x
CMD ["a", "b c"]
ENTRYPOINT [ "\u0041\n", "\u00e9" ]
CMD ['single', 'quotes']
RUN ["unterminated"
SHELL ["/bin/sh", "-c"]
VOLUME ["/a", "/b"]
VOLUME /c /d
CMD []
ADD ["src file", "/dst/"]
